"""Monitoring test data, reached through the domain functions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from phonlap.funds.models import Fund
from phonlap.monitoring import domain
from phonlap.monitoring.enums import IndicatorKind
from phonlap.monitoring.models import MonitoringPlan
from phonlap.proposals.enums import ProposalStatus
from tests.factories import StaffFactory
from tests.proposals.factories import proposal_in

# A fiscal year whose four quarters have all begun (results may be entered for any of them).
YEAR = 2569


def funded_project(*, approved_amount: Decimal | None = None, staff=None):
    """A submitted proposal handed to monitoring as the board's approval does (review calls the
    same domain function). Returns (project, project manager, organisation manager). The
    proposal's period starts on 1 Jan 2026, so its plan is for fiscal year 2569."""
    proposal, pm, manager = proposal_in(ProposalStatus.IN_REVIEW)
    revision = proposal.revisions.order_by("-number").first()
    project = domain.start_funded_project(
        actor=staff or StaffFactory(), proposal=proposal, revision=revision,
        approved_amount=approved_amount or Decimal("90000.00"),
        signed_off_on=datetime.date(2025, 12, 20))
    return project, pm, manager


def project_plan(**kwargs) -> tuple[MonitoringPlan, object, object]:
    """(the funded project's plan, project manager, organisation manager)."""
    project, pm, manager = funded_project(**kwargs)
    return project.plans.get(), pm, manager


def organisation_plan(*, staff=None, fund: Fund | None = None, fiscal_year: int = YEAR,
                      name: str = "แผนงานส่งเสริมวิสาหกิจเพื่อสังคม",
                      kind: str = IndicatorKind.COUNT, plans=(10, 20, 30, 40),
                      target="100", baseline=None, received="1000000.00") -> MonitoringPlan:
    """A fund's own plan with one programme, one activity, one indicator (quarterly plans
    ``plans``, ``None`` for N/A) and one budget plan (25/50/75/100 % targets)."""
    staff = staff or StaffFactory()
    fund = fund or Fund.objects.get(code="se-promotion")
    plan = domain.create_plan(actor=staff, fund=fund, fiscal_year=fiscal_year, name=name,
                              responsible_unit="กองส่งเสริม")
    programme = domain.add_programme(actor=staff, plan=plan, name="ส่งเสริมความเข้มแข็ง")
    activity = domain.add_activity(actor=staff, programme=programme, name="อบรมผู้ประกอบการ",
                                   responsible_unit="ฝ่ายพัฒนา")
    domain.save_indicator(actor=staff, plan=plan, programme=programme, activity=activity,
                          name="ผู้ประกอบการที่ได้รับการส่งเสริม", unit="กิจการ", kind=kind,
                          annual_target=target, baseline=baseline,
                          quarter_plans=dict(zip((1, 2, 3, 4), plans, strict=True)))
    quarter_amount = Decimal(received) / 4
    domain.save_budget_plan(
        actor=staff, plan=plan, name="งบดำเนินงาน", received=received,
        quarters={q: {"target_pct": 25 * q, "planned": quarter_amount} for q in (1, 2, 3, 4)})
    return plan
