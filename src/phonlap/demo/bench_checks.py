# ruff: noqa: S608 -- the SQL is built from the models' own table names, never from input
"""The invariants the domain functions enforce, each as one SQL query counting the rows that
break it (``manage.py bench_check``). Written for the bulk-built reference dataset
(``bench_data``), which bypasses the domain functions, but true of any database the domain
functions wrote. Plain SQL that runs on PostgreSQL and SQLite."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import connection
from django.utils import timezone

from phonlap.accounts.models import User
from phonlap.core import fiscal
from phonlap.funds.models import Fund, ReviewStage
from phonlap.monitoring.models import (
    BudgetPlan,
    BudgetQuarter,
    FundedProject,
    Indicator,
    IndicatorResult,
    MonitoringPlan,
    Programme,
    QuarterlyReport,
    QuarterTarget,
)
from phonlap.organisations.models import District, Membership, Organisation, Subdistrict
from phonlap.proposals.models import Proposal, ProposalRevision, ProposalSequence
from phonlap.review.enums import OUTCOMES_BY_FORM
from phonlap.review.models import AgendaItem, EvaluationSession, SessionMember, StageResult

TABLES = {
    "proposal": Proposal, "revision": ProposalRevision, "sequence": ProposalSequence,
    "fund": Fund, "stage": ReviewStage, "result": StageResult, "session": EvaluationSession,
    "member": SessionMember, "agenda": AgendaItem, "project": FundedProject,
    "plan": MonitoringPlan, "programme": Programme, "indicator": Indicator,
    "target": QuarterTarget, "iresult": IndicatorResult, "budget": BudgetPlan,
    "bquarter": BudgetQuarter, "report": QuarterlyReport, "membership": Membership,
    "user": User, "email": EmailAddress, "organisation": Organisation,
    "subdistrict": Subdistrict, "district": District,
}
FAIL = "('not_passed', 'not_passed_documents', 'rejected')"
PASS = "('passed', 'approved')"


@dataclass
class Check:
    name: str
    sql: str
    params: tuple = ()


def _outcomes_by_form() -> str:
    return " OR ".join(
        f"(r.stage_form = '{form}' AND r.outcome IN ({', '.join(repr(str(o)) for o in outcomes)}))"
        for form, outcomes in OUTCOMES_BY_FORM.items())


def _quarters_begun(today: datetime.date) -> str:
    """An SQL list of fiscal_year * 10 + quarter for every quarter begun by ``today``."""
    started = [year * 10 + q for year in range(2500, fiscal.fiscal_year(today) + 1)
               for q in fiscal.QUARTERS if fiscal.quarter_start(year, q) <= today]
    return "(" + ", ".join(str(k) for k in started) + ")"


def _fiscal_year_sql(column: str) -> str:
    """The Thai fiscal year (B.E.) of a timestamp column, in Thai time (UTC+7 all year)."""
    if connection.vendor == "postgresql":
        local = f"({column} AT TIME ZONE 'Asia/Bangkok')"
        return (f"CAST(EXTRACT(YEAR FROM {local}) + CASE WHEN EXTRACT(MONTH FROM {local}) >= 10 "
                f"THEN 1 ELSE 0 END + 543 AS INTEGER)")
    year, month = (f"CAST(strftime('{part}', {column}, '+7 hours') AS INTEGER)"
                   for part in ("%Y", "%m"))
    return f"({year} + CASE WHEN {month} >= 10 THEN 1 ELSE 0 END + 543)"


def checks(today: datetime.date | None = None) -> list[Check]:
    today = today or timezone.localdate()
    t = {key: connection.ops.quote_name(model._meta.db_table) for key, model in TABLES.items()}
    started = _quarters_begun(today)
    route = ("CASE WHEN r.outcome = 'not_passed_documents' THEN 'returned' ELSE fs.on_fail END")
    return [
        Check("proposal in review ⇔ at a stage of its own fund's pipeline", f"""
            SELECT COUNT(*) FROM {t['proposal']} p
            LEFT JOIN {t['stage']} s ON s.id = p.current_stage_id
            WHERE (p.status = 'in_review' AND (s.id IS NULL OR s.fund_id <> p.fund_id
                                               OR p.stage_entered_at IS NULL))
               OR (p.status <> 'in_review' AND p.current_stage_id IS NOT NULL)"""),
        Check("proposal status agrees with its latest revision's results", f"""
            WITH agg AS (
              SELECT p.id, p.status, p.latest_revision_number AS rev,
                (SELECT COUNT(*) FROM {t['stage']} st WHERE st.fund_id = p.fund_id
                   AND st.is_active = %s AND (cs.id IS NULL OR st."order" < cs."order")) AS before,
                SUM(CASE WHEN r.status = 'submitted' AND r.outcome IN {PASS} THEN 1 ELSE 0 END)
                  AS n_pass,
                SUM(CASE WHEN r.status = 'submitted' AND r.outcome IN {FAIL} THEN 1 ELSE 0 END)
                  AS n_fail,
                SUM(CASE WHEN r.status = 'submitted' AND r.outcome = 'approved'
                         AND r.stage_form = 'approval' THEN 1 ELSE 0 END) AS n_approved,
                MAX(CASE WHEN r.status = 'submitted' AND r.outcome IN {FAIL} THEN {route} END)
                  AS route,
                SUM(CASE WHEN r.outcome <> 'not_considered' AND cs.id IS NOT NULL
                         AND r.stage_order >= cs."order" AND r.status = 'submitted'
                         THEN 1 ELSE 0 END) AS n_beyond,
                SUM(CASE WHEN r.status = 'draft' AND (cs.id IS NULL OR r.stage_id <> cs.id)
                         THEN 1 ELSE 0 END) AS n_stray_draft,
                COUNT(r.id) AS n_results
              FROM {t['proposal']} p
              LEFT JOIN {t['stage']} cs ON cs.id = p.current_stage_id
              LEFT JOIN {t['revision']} v ON v.proposal_id = p.id
                                         AND v.number = p.latest_revision_number
              LEFT JOIN {t['result']} r ON r.revision_id = v.id
              LEFT JOIN {t['stage']} fs ON fs.id = r.stage_id
              WHERE p.deleted_at IS NULL
              GROUP BY p.id, p.status, p.latest_revision_number, p.fund_id, cs.id, cs."order")
            SELECT COUNT(*) FROM agg WHERE
                 n_stray_draft > 0
              OR (status = 'draft' AND rev = 0 AND n_results > 0)
              OR (status = 'draft' AND rev > 0
                  AND (n_fail <> 1 OR route NOT IN ('returned', 'not_passed')))
              OR (status IN ('returned', 'not_passed', 'rejected')
                  AND (n_fail <> 1 OR route <> status))
              OR (status = 'approved' AND (n_approved <> 1 OR n_fail > 0 OR n_pass <> before))
              OR (status <> 'approved' AND n_approved > 0)
              OR (status = 'in_review' AND (n_fail > 0 OR n_beyond > 0 OR n_pass <> before))""",
              (True,)),
        Check("proposal numbers unique, with the fund's prefix and a sequence at or above them",
              f"""
            SELECT (SELECT COUNT(*) - COUNT(DISTINCT number) FROM {t['proposal']})
                 + (SELECT COUNT(*) FROM {t['proposal']} p JOIN {t['fund']} f ON f.id = p.fund_id
                    WHERE SUBSTR(p.number, 1, LENGTH(f.number_prefix) + 1)
                          <> f.number_prefix || '-'
                       OR NOT EXISTS (
                          SELECT 1 FROM {t['sequence']} s WHERE s.prefix = f.number_prefix
                          AND s.fiscal_year = CAST(SUBSTR(p.number, LENGTH(f.number_prefix) + 2, 4)
                                                   AS INTEGER)
                          AND s."last" >= CAST(SUBSTR(p.number, LENGTH(f.number_prefix) + 7)
                                               AS INTEGER)))"""),
        Check("each proposal beyond its first draft has its revisions 1..N, N = latest", f"""
            SELECT COUNT(*) FROM {t['proposal']} p
            LEFT JOIN (SELECT proposal_id, COUNT(*) AS c, MIN(number) AS lo, MAX(number) AS hi
                       FROM {t['revision']} GROUP BY proposal_id) v ON v.proposal_id = p.id
            WHERE (p.status <> 'draft' AND v.c IS NULL)
               OR COALESCE(v.c, 0) <> p.latest_revision_number
               OR (v.c IS NOT NULL AND (v.lo <> 1 OR v.hi <> v.c))"""),
        Check("proposal's copies of its revisions: first submission, latest budget and groups",
              f"""
            SELECT COUNT(*) FROM {t['proposal']} p
            LEFT JOIN {t['revision']} v1 ON v1.proposal_id = p.id AND v1.number = 1
            LEFT JOIN {t['revision']} vl ON vl.proposal_id = p.id
                                        AND vl.number = p.latest_revision_number
            WHERE (p.latest_revision_number = 0
                   AND (p.first_submitted_at IS NOT NULL OR p.submitted_budget IS NOT NULL))
               OR (p.latest_revision_number >= 1
                   AND (v1.id IS NULL OR vl.id IS NULL OR p.first_submitted_at IS NULL
                        OR p.first_submitted_at <> v1.submitted_at
                        OR COALESCE(p.submitted_budget, -1) <> COALESCE(vl.requested_budget, -1)
                        OR p.submitted_target_groups <> vl.target_groups))"""),
        Check("proposal's fiscal year is that of its first submission, in Thai time", f"""
            SELECT COUNT(*) FROM {t['proposal']} p
            WHERE (p.first_submitted_at IS NULL) <> (p.first_fiscal_year IS NULL)
               OR p.first_fiscal_year <> {_fiscal_year_sql('p.first_submitted_at')}"""),
        Check("organisation's province is its subdistrict's", f"""
            SELECT COUNT(*) FROM {t['organisation']} o
            LEFT JOIN {t['subdistrict']} s ON s.code = o.subdistrict_id
            LEFT JOIN {t['district']} d ON d.code = s.district_id
            WHERE COALESCE(o.address_province_id, '') <> COALESCE(d.province_id, '')"""),
        Check("at most one decisive result per revision and stage", f"""
            SELECT COUNT(*) FROM (SELECT revision_id, stage_id FROM {t['result']}
                                  WHERE outcome <> 'not_considered'
                                  GROUP BY revision_id, stage_id HAVING COUNT(*) > 1) d"""),
        Check("results: outcome offered by the stage's form, snapshot matches the stage, "
              "revision of the proposal, stage of its fund", f"""
            SELECT COUNT(*) FROM {t['result']} r
            JOIN {t['stage']} s ON s.id = r.stage_id
            JOIN {t['revision']} v ON v.id = r.revision_id
            JOIN {t['proposal']} p ON p.id = r.proposal_id
            WHERE v.proposal_id <> r.proposal_id OR s.fund_id <> p.fund_id
               OR r.stage_order <> s."order" OR r.stage_form <> s.form
               OR r.stage_name_th <> s.name_th
               OR (r.status = 'submitted' AND (r.submitted_at IS NULL OR NOT ({_outcomes_by_form()})))
               OR (r.status = 'draft' AND r.outcome <> '' AND NOT ({_outcomes_by_form()}))
               OR (r.rubric_id IS NULL) <> (s.rubric_id IS NULL)
               OR (s.form = 'rubric' AND r.status = 'submitted'
                   AND r.outcome IN ('passed', 'not_passed')
                   AND (r.rubric_passed IS NULL
                        OR (r.outcome = 'passed') <> (r.rubric_passed = %s)))""", (True,)),
        Check("meeting-stage results on an agenda item of a session of that stage; staff-stage "
              "results on none", f"""
            SELECT COUNT(*) FROM {t['result']} r
            JOIN {t['stage']} s ON s.id = r.stage_id
            LEFT JOIN {t['agenda']} a ON a.id = r.agenda_item_id
            LEFT JOIN {t['session']} e ON e.id = a.session_id
            WHERE (s.decided_by = 'meeting' AND (a.id IS NULL OR e.stage_id <> r.stage_id
                   OR r.session_id <> a.session_id OR a.revision_id <> r.revision_id
                   OR (r.status = 'submitted') <> (a.decided_at IS NOT NULL)))
               OR (s.decided_by = 'staff' AND r.agenda_item_id IS NOT NULL)"""),
        Check("approvals: amount within the revision's requested budget, signed off by today",
              f"""
            SELECT COUNT(*) FROM {t['result']} r JOIN {t['revision']} v ON v.id = r.revision_id
            WHERE r.status = 'submitted' AND r.outcome = 'approved'
              AND (r.approved_amount IS NULL OR r.approved_amount <= 0
                   OR r.approved_amount > v.requested_budget
                   OR r.signed_off_on IS NULL OR r.signed_off_on > %s)""", (today,)),
        Check("agenda items: proposal and revision of the session's fund and stage; undecided "
              "only for proposals in review there, on planned sessions, one per proposal", f"""
            SELECT COUNT(*) FROM {t['agenda']} a
            JOIN {t['session']} e ON e.id = a.session_id
            JOIN {t['stage']} s ON s.id = e.stage_id
            JOIN {t['proposal']} p ON p.id = a.proposal_id
            JOIN {t['revision']} v ON v.id = a.revision_id
            WHERE p.fund_id <> e.fund_id OR s.fund_id <> e.fund_id OR v.proposal_id <> p.id
               OR s.decided_by <> 'meeting'
               OR (a.decided_at IS NULL AND (e.status <> 'planned' OR p.status <> 'in_review'
                   OR p.current_stage_id <> e.stage_id OR v.number <> p.latest_revision_number
                   OR (SELECT COUNT(*) FROM {t['agenda']} o WHERE o.proposal_id = a.proposal_id
                       AND o.decided_at IS NULL) > 1))
               OR (a.decided_at IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM {t['result']} r WHERE r.agenda_item_id = a.id
                   AND r.status = 'submitted'))"""),
        Check("sessions: one chair, one secretary, members, all committee users", f"""
            SELECT COUNT(*) FROM {t['session']} e WHERE
                 (SELECT COUNT(*) FROM {t['member']} m WHERE m.session_id = e.id
                  AND m.role = 'chair') <> 1
              OR (SELECT COUNT(*) FROM {t['member']} m WHERE m.session_id = e.id
                  AND m.role = 'secretary') <> 1
              OR (SELECT COUNT(*) FROM {t['member']} m WHERE m.session_id = e.id
                  AND m.role = 'member') < 1
              OR EXISTS (SELECT 1 FROM {t['member']} m JOIN {t['user']} u ON u.id = m.user_id
                         WHERE m.session_id = e.id AND u.is_committee <> %s)
              OR (e.status = 'closed' AND e.closed_at IS NULL)""", (True,)),
        Check("funded projects: one per approved proposal, of its latest revision, amount "
              "within the requested budget", f"""
            SELECT (SELECT COUNT(*) FROM {t['project']} f
                    JOIN {t['proposal']} p ON p.id = f.proposal_id
                    JOIN {t['revision']} v ON v.id = f.revision_id
                    WHERE p.status <> 'approved' OR v.proposal_id <> p.id
                       OR v.number <> p.latest_revision_number OR f.number <> p.number
                       OR f.fund_id <> p.fund_id OR f.organisation_id <> p.organisation_id
                       OR f.approved_amount <= 0 OR f.approved_amount > v.requested_budget)
                 + (SELECT COUNT(*) FROM {t['proposal']} p WHERE p.status = 'approved'
                    AND NOT EXISTS (SELECT 1 FROM {t['project']} f
                                    WHERE f.proposal_id = p.id))"""),
        Check("plans: project level ⇔ a funded project; programmes, indicators on the plan; "
              "at most one plan per project and year", f"""
            SELECT (SELECT COUNT(*) FROM {t['plan']} l WHERE
                      (l.level = 'project') <> (l.funded_project_id IS NOT NULL))
                 + (SELECT COUNT(*) FROM {t['indicator']} i
                    JOIN {t['programme']} g ON g.id = i.programme_id WHERE g.plan_id <> i.plan_id)
                 + (SELECT COUNT(*) FROM (SELECT funded_project_id FROM {t['plan']}
                    WHERE funded_project_id IS NOT NULL
                    GROUP BY funded_project_id, fiscal_year HAVING COUNT(*) > 1) d)
                 + (SELECT COUNT(*) FROM {t['project']} f WHERE NOT EXISTS (
                    SELECT 1 FROM {t['plan']} l WHERE l.funded_project_id = f.id))"""),
        Check("indicators: at most 4 targets and 4 results, quarters 1–4, results only for "
              "quarters begun, values fit the kind", f"""
            SELECT (SELECT COUNT(*) FROM (SELECT indicator_id FROM {t['target']}
                    GROUP BY indicator_id HAVING COUNT(*) > 4 OR MIN(quarter) < 1
                    OR MAX(quarter) > 4) a)
                 + (SELECT COUNT(*) FROM (SELECT indicator_id FROM {t['iresult']}
                    GROUP BY indicator_id HAVING COUNT(*) > 4 OR MIN(quarter) < 1
                    OR MAX(quarter) > 4) b)
                 + (SELECT COUNT(*) FROM {t['iresult']} r
                    JOIN {t['indicator']} i ON i.id = r.indicator_id
                    JOIN {t['plan']} l ON l.id = i.plan_id
                    WHERE (l.fiscal_year * 10 + r.quarter) NOT IN {started}
                       OR (i.kind = 'percentage' AND (r.numerator IS NULL OR r.denominator IS NULL
                           OR r.denominator <= 0 OR r.numerator > r.denominator))
                       OR (i.kind = 'level' AND (r.value IS NULL OR r.value < 1 OR r.value > 5))
                       OR (i.kind IN ('count', 'cumulative') AND r.value IS NULL))"""),
        Check("disbursement: Σ per budget plan within the budget received, none before a "
              "quarter begins", f"""
            SELECT (SELECT COUNT(*) FROM {t['budget']} b WHERE b.received <
                    (SELECT COALESCE(SUM(q.disbursed), 0) FROM {t['bquarter']} q
                     WHERE q.budget_plan_id = b.id))
                 + (SELECT COUNT(*) FROM {t['bquarter']} q
                    JOIN {t['budget']} b ON b.id = q.budget_plan_id
                    JOIN {t['plan']} l ON l.id = b.plan_id
                    WHERE q.disbursed IS NOT NULL
                      AND (l.fiscal_year * 10 + q.quarter) NOT IN {started})"""),
        Check("quarterly reports: a valid status with its dates, for quarters begun; submitted "
              "and accepted ones carry every planned result", f"""
            SELECT COUNT(*) FROM {t['report']} o JOIN {t['plan']} l ON l.id = o.plan_id
            WHERE o.status NOT IN ('draft', 'submitted', 'returned', 'accepted')
               OR (l.fiscal_year * 10 + o.quarter) NOT IN {started}
               OR (o.status <> 'draft' AND o.submitted_at IS NULL)
               OR (o.status IN ('accepted', 'returned') AND o.reviewed_at IS NULL)
               OR (o.status = 'returned' AND o.review_comment = '')
               OR (o.status IN ('submitted', 'accepted') AND EXISTS (
                   SELECT 1 FROM {t['target']} q JOIN {t['indicator']} i ON i.id = q.indicator_id
                   WHERE i.plan_id = o.plan_id AND q.quarter = o.quarter
                     AND q.planned IS NOT NULL AND NOT EXISTS (
                       SELECT 1 FROM {t['iresult']} r WHERE r.indicator_id = i.id
                       AND r.quarter = o.quarter)))"""),
        Check("proposals made by approved members, revisions submitted by approved managers",
              f"""
            SELECT (SELECT COUNT(*) FROM {t['proposal']} p WHERE NOT EXISTS (
                      SELECT 1 FROM {t['membership']} m WHERE m.user_id = p.created_by_id
                      AND m.organisation_id = p.organisation_id AND m.status = 'approved'))
                 + (SELECT COUNT(*) FROM {t['revision']} v
                    JOIN {t['proposal']} p ON p.id = v.proposal_id WHERE NOT EXISTS (
                      SELECT 1 FROM {t['membership']} m WHERE m.user_id = v.submitted_by_id
                      AND m.organisation_id = p.organisation_id AND m.status = 'approved'
                      AND m.is_manager = %s))""", (True,)),
    ]


def run(today: datetime.date | None = None) -> list[tuple[str, int]]:
    results = []
    with connection.cursor() as cursor:
        for check in checks(today):
            cursor.execute(check.sql, check.params or None)
            results.append((check.name, int(cursor.fetchone()[0] or 0)))
    return results
