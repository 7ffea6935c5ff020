# ruff: noqa: S608 -- SQL here is built from the models' own table names, never from input
"""The reference dataset of spec 07 "Performance" (``manage.py bench_data``, ``make bench-data``).

Built deterministically from a seed, in dependency order, with ids assigned here and kept in
memory: users → organisations (memberships, personnel) → calls → proposals and revisions →
evaluation sessions (members, agenda) → stage results → funded projects and their monitoring plans
(programme, activities, indicators with quarterly targets and results, budget plan with quarterly
disbursement, quarterly reports). At scale 1.0: 5,000 organisations, 20,000 users, 100,000
proposals, about 300,000 stage results, 600 sessions, 10,000 funded projects × 8 indicators × 4
quarters.

Speed: rows are written in bulk, never through the domain functions (which audit, notify and
lock one row at a time). On PostgreSQL each table is one ``COPY … FROM STDIN`` (psycopg 3); on
other databases ``bulk_create(batch_size=…)``. Neither sends model signals (the project registers
none on these models anyway). Every user shares one password hash, computed once
(:data:`PASSWORD`). The data obey the invariants the domain functions enforce; ``manage.py
bench_check`` proves it with one SQL query per invariant.

The history of each proposal is simulated as the review would have produced it: submission of
revision 1, screening, the meeting stages of its fund's pipeline (each decided result on the
agenda of a closed session of that stage, the next one after the proposal entered the stage),
returns and failures routed as the pipeline says, new revisions, approval with an amount within
the requested budget. Snapshots on results are filled as ``review.domain.results`` does (stage
order, names and form, rubric, applicant type, scores computed by ``review.scoring`` on answers
drawn from a precomputed pool per rubric and applicant type).

Dates are relative to a fixed "as of" day (:data:`AS_OF`, overridable), not to the clock, so the
same seed gives the same rows on any day; every date lies on or before it.

Not built (the modules do not exist yet): impact reports and outcome contracts (spec 07 lists
2,000 and 20). Also not built: audit events, notifications, attachments (no files to point to)
and organisation-level (fund) monitoring plans.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from phonlap.accounts.models import Consent, PolicyVersion, Profile, User
from phonlap.core import fiscal
from phonlap.core import national_id as nid
from phonlap.funds.models import Call, Fund, ReviewStage
from phonlap.monitoring import domain as monitoring_domain
from phonlap.monitoring.models import (
    Activity,
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
from phonlap.organisations.models import Membership, Organisation, Personnel, Subdistrict
from phonlap.proposals.models import Proposal, ProposalRevision, ProposalSequence
from phonlap.review import scoring
from phonlap.review.models import AgendaItem, EvaluationSession, SessionMember, StageResult

# The one password of every bench account (development only: the command refuses outside demo
# mode). Staff: bench-staff-0001@…; committee: bench-committee-0001@…; super user: bench-admin@….
PASSWORD = "phonlap-bench-2570"
EMAIL_DOMAIN = "bench.phonlap.example"
DEFAULT_SEED = 2570
AS_OF = datetime.date(2026, 11, 15)
START = datetime.date(2022, 10, 1)  # fiscal year 2566 begins
UTC = datetime.UTC
DAY = datetime.timedelta(days=1)

# Reference counts at scale 1.0 (spec 07).
FULL = {
    "organisations": 5_000, "users": 20_000, "proposals": 100_000, "sessions": 600,
    "funded_projects": 10_000, "staff": 60, "committee": 150,
}
INDICATORS_PER_PLAN = 8
MIN_SESSIONS_PER_STAGE = 12  # small scales: enough meetings for histories to fit in time

# What becomes of each proposal (shares of the proposals that are not funded).
FATES = [("draft_new", 8), ("in_review", 30), ("returned", 25), ("not_passed", 10),
         ("rejected", 8), ("draft_revising", 9)]
PRIOR_REVISIONS = [(0, 45), (1, 35), (2, 20)]  # earlier revisions that failed, per proposal
NOT_CONSIDERED = 0.05  # chance a meeting sets a proposal aside for its next session


def targets(scale: float) -> dict[str, int]:
    """The counts the build aims at for ``scale`` (exact for all but the results)."""
    n = {key: max(1, round(value * scale)) for key, value in FULL.items()}
    n["staff"] = max(3, n["staff"])
    n["committee"] = max(8, n["committee"])
    n["users"] = max(n["users"], n["staff"] + n["committee"] + 1 + 2 * n["organisations"])
    n["funded_projects"] = min(n["funded_projects"], n["proposals"] // 2)
    return n


def sessions_per_stage(scale: float, stages: int) -> int:
    return max(MIN_SESSIONS_PER_STAGE, round(FULL["sessions"] * scale / stages))


# --- Thai word lists -----------------------------------------------------------------------------

FIRST_NAMES = [
    "สมชาย", "สมศักดิ์", "สมหญิง", "วราภรณ์", "ประเสริฐ", "สุนีย์", "ธนพล", "กมลชนก", "พิมพ์ชนก",
    "ณัฐวุฒิ", "อรอุมา", "ชัยวัฒน์", "ศิริพร", "อนุชา", "จันทร์เพ็ญ", "วิไลวรรณ", "ปิยะพงษ์",
    "สุภาพร", "ธีรวัฒน์", "รัตนา", "กิตติศักดิ์", "นภัสสร", "เอกชัย", "พรทิพย์", "วีระพงษ์",
    "ดวงใจ", "ศุภชัย", "มาลัย", "ปรีชา", "อัญชลี", "ทวีศักดิ์", "ลำดวน", "บุญมี", "สายสุนีย์",
    "ภานุวัฒน์", "จิราพร", "นิพนธ์", "อำไพ", "ยุทธนา", "เพ็ญศรี",
]
LAST_NAMES = [
    "ใจดี", "รักษ์ชุมชน", "วงศ์วิชาการ", "มุ่งมั่น", "ศรีสุข", "แก้วประเสริฐ", "บุญเรือง",
    "ทองคำ", "สุขสวัสดิ์", "พรหมมา", "จันทร์แก้ว", "ศรีวงศ์", "อินทร์แก้ว", "ชัยมงคล",
    "เพชรรัตน์", "สมบูรณ์ศักดิ์", "ปัญญาดี", "รุ่งเรือง", "วัฒนกุล", "นาคสวัสดิ์", "พึ่งบุญ",
    "คงเจริญ", "แสงทอง", "มณีวงศ์", "ศักดิ์สิทธิ์", "ธรรมรักษ์", "บุญประเสริฐ", "ศรีสมบูรณ์",
    "เจริญผล", "อ่อนละมัย", "กาญจนวงศ์", "ดีประเสริฐ", "ภูมิสถาน", "หอมจันทร์", "นิลวงศ์",
]
TITLES = ["mr", "mrs", "ms", "dr"]
POSITIONS = ["ผู้อำนวยการ", "ผู้จัดการโครงการ", "นักวิชาการศึกษา", "เจ้าหน้าที่ประสานงาน",
             "ประธานกลุ่ม", "ครูการศึกษาพิเศษ", "นักพัฒนาชุมชน", "เหรัญญิก"]
ORG_FORMS = [
    # prefix, kind, parent agency (government), social enterprise likely
    ("มูลนิธิส่งเสริมการเรียนรู้", "private", "", False),
    ("สมาคมคนพิการ", "private", "", False),
    ("ชมรมผู้ปกครองเด็กพิเศษ", "private", "", False),
    ("วิสาหกิจชุมชน", "private", "", True),
    ("บริษัท เพื่อสังคม", "private", "", True),
    ("สหกรณ์ผู้ผลิต", "private", "", True),
    ("โรงเรียนการศึกษาพิเศษ", "government",
     "สำนักบริหารงานการศึกษาพิเศษ สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", False),
    ("ศูนย์การศึกษาพิเศษประจำจังหวัด", "government",
     "สำนักบริหารงานการศึกษาพิเศษ สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", False),
    ("องค์การบริหารส่วนตำบล", "government", "กรมส่งเสริมการปกครองท้องถิ่น กระทรวงมหาดไทย", False),
    ("เทศบาลตำบล", "government", "กรมส่งเสริมการปกครองท้องถิ่น กระทรวงมหาดไทย", False),
    ("วิทยาลัยชุมชน", "government", "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม", False),
]
ACTIONS = ["อบรม", "พัฒนาทักษะ", "ส่งเสริม", "ค่ายเรียนรู้", "สัมมนาเชิงปฏิบัติการ", "ฝึกอาชีพ",
           "จัดทำสื่อ", "เสริมสร้างศักยภาพ", "ยกระดับ", "ศึกษาดูงาน", "พัฒนาหลักสูตร",
           "สร้างเครือข่าย"]
TOPICS = ["การอ่านอักษรเบรลล์", "ภาษามือไทย", "ทักษะดิจิทัล", "การเตรียมความพร้อมเข้าสู่การทำงาน",
          "การเรียนรวม", "การผลิตสื่อการเรียนรู้", "การดูแลตนเอง", "ศิลปะบำบัด", "ดนตรีบำบัด",
          "เกษตรอินทรีย์", "การท่องเที่ยวชุมชน", "ผ้าทอพื้นเมือง", "กาแฟชุมชน", "การจัดการขยะ",
          "ผลิตภัณฑ์ชุมชน", "การตลาดออนไลน์", "อาหารปลอดภัย", "หัตถกรรมจักสาน",
          "พลังงานแสงอาทิตย์", "การออมและการเงินชุมชน", "คณิตศาสตร์เชิงปฏิบัติ", "วิทยาศาสตร์รอบตัว"]
TARGETS = ["เด็กพิการทางการเห็น", "เด็กพิการทางการได้ยิน", "ผู้พิการทางร่างกาย", "เด็กออทิสติก",
           "ผู้มีปัญหาทางการเรียนรู้", "ผู้สูงอายุ", "เยาวชนนอกระบบ", "สตรีในชุมชน",
           "ผู้ปกครองเด็กพิการ", "ครูการศึกษาพิเศษ", "กลุ่มชาติพันธุ์", "ผู้มีรายได้น้อย"]
STEP_NAMES = ["เตรียมความพร้อมและประชาสัมพันธ์", "จัดกิจกรรมหลัก", "ติดตามผลการเรียนรู้",
              "สรุปและเผยแพร่ผลการดำเนินงาน"]
ACTIVITY_TEXTS = ["ประชุมคณะทำงาน", "อบรมเชิงปฏิบัติการ", "ลงพื้นที่ติดตาม", "จัดนิทรรศการ",
                  "ผลิตคู่มือ", "ประเมินผล", "จัดเวทีแลกเปลี่ยนเรียนรู้"]
ADVICE = ["ควรระบุกลุ่มเป้าหมายให้ชัดเจนยิ่งขึ้น", "งบประมาณบางรายการสูงเกินความจำเป็น",
          "ควรเพิ่มตัวชี้วัดเชิงคุณภาพ", "แผนการดำเนินงานเหมาะสม", "ควรแนบเอกสารให้ครบถ้วน",
          "โครงการมีความสอดคล้องกับพันธกิจของกองทุน", ""]
# name, unit, kind on the monitoring plan (the plan's eight indicators follow this order)
INDICATOR_TEMPLATES = [
    ("จำนวนผู้เข้าร่วมกิจกรรม", "คน", "count"),
    ("จำนวนครั้งของการจัดกิจกรรม", "ครั้ง", "count"),
    ("จำนวนสื่อการเรียนรู้ที่ผลิต", "ชิ้น", "count"),
    ("จำนวนหน่วยงานภาคีเครือข่าย", "แห่ง", "count"),
    ("จำนวนผู้ได้รับการติดตามผล", "คน", "count"),
    ("ร้อยละของผู้เข้าร่วมที่มีความรู้เพิ่มขึ้น", "ร้อยละ", "percentage"),
    ("ระดับความสำเร็จของการดำเนินโครงการ", "ระดับ", "level"),
    ("จำนวนผู้ได้รับประโยชน์สะสม", "คน", "cumulative"),
]
PARTICIPATION = [("venue", "สถานที่จัดอบรม"), ("equipment", "อุปกรณ์การเรียนรู้"),
                 ("speakers", "วิทยากร"), ("volunteers", "อาสาสมัคร"), ("food_drinks", "อาหารว่าง")]
REVIEW_COMMENTS = ["กรุณาแนบหลักฐานผลการดำเนินงานเพิ่มเติม", "ตัวเลขผลการเบิกจ่ายไม่ตรงกับเอกสาร"]


# --- writing rows --------------------------------------------------------------------------------

class Writer:
    """Writes rows (tuples of attribute values) into a model's table: COPY on PostgreSQL,
    ``bulk_create`` elsewhere. Columns not given get the field's default (computed once per
    table), or NULL. JSON values may be given already serialised (a ``str``)."""

    def __init__(self, out=None, batch_size: int = 2000):
        self.pg = connection.vendor == "postgresql"
        self.batch_size = batch_size
        self.out = out
        self.timings: dict[str, list] = {}
        self.written: list[type[models.Model]] = []

    def write(self, model, attrs: list[str], rows) -> int:
        started = time.perf_counter()
        count = self._copy(model, attrs, rows) if self.pg else self._bulk(model, attrs, rows)
        spent = time.perf_counter() - started
        label = model._meta.label
        entry = self.timings.setdefault(label, [0, 0.0])
        entry[0] += count
        entry[1] += spent
        if model not in self.written:
            self.written.append(model)
        return count

    def _fields(self, model, attrs):
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        given = [by_attname[a] for a in attrs]
        rest = [f for f in model._meta.concrete_fields
                if f.attname not in attrs and not (f.primary_key and isinstance(f, models.AutoField))]
        defaults = []
        for f in rest:
            value = f.get_default() if f.has_default() else None
            if value is None and not f.null and f.empty_strings_allowed:
                value = ""
            defaults.append(value)
        return given, rest, defaults

    def _copy(self, model, attrs, rows) -> int:
        given, rest, defaults = self._fields(model, attrs)
        fields = given + rest
        json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        defaults = tuple(defaults)
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        count = 0
        with connection.cursor() as cursor, \
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                row = tuple(row) + defaults
                if json_at:
                    row = list(row)
                    for i in json_at:
                        if row[i] is not None and not isinstance(row[i], str):
                            row[i] = json.dumps(row[i], ensure_ascii=False)
                copy.write_row(row)
                count += 1
        return count

    def _bulk(self, model, attrs, rows) -> int:
        json_attrs = {f.attname for f in model._meta.concrete_fields
                      if isinstance(f, models.JSONField)}
        batch, count = [], 0
        for row in rows:
            values = dict(zip(attrs, row, strict=True))
            for key in json_attrs & values.keys():
                if isinstance(values[key], str):
                    values[key] = json.loads(values[key])
            batch.append(model(**values))
            if len(batch) >= self.batch_size:
                model.objects.bulk_create(batch, batch_size=self.batch_size)
                count += len(batch)
                batch = []
        if batch:
            model.objects.bulk_create(batch, batch_size=self.batch_size)
            count += len(batch)
        return count

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), self.written)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def next_id(model) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


# --- PostgreSQL: load without per-row index and foreign-key work ----------------------------------

def detach(tables: list[str]) -> tuple[list[str], list[str]]:
    """Drop the foreign keys of ``tables`` and their indexes that back no constraint; return the
    SQL that recreates them. Loading then skips a foreign-key check per row (each one a query)
    and index maintenance per row; :func:`attach` rebuilds both once, and adding a foreign key
    validates every row in one set-based query, so nothing goes unchecked."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) ORDER BY 1, 2", [tables])
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1", [tables])
        indexes = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    recreate_indexes = [definition for _name, definition in indexes]
    recreate_keys = [f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}"
                     for table, name, definition in foreign_keys]
    return recreate_indexes, recreate_keys


def attach(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for sql in statements:
            cursor.execute(sql)


def vacuum() -> None:
    """PostgreSQL, after the build's commit (VACUUM cannot run in a transaction): mark the new
    pages all-visible and refresh the planner's statistics, as autovacuum would do some time
    later, so that the statistics' index-only scans read no table pages. Skipped inside a
    transaction (a test's): VACUUM cannot run there, and autovacuum does the same later."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in flushed_models():
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")


# --- flushing ------------------------------------------------------------------------------------

ROOTS = ("accounts.User", "organisations.Organisation", "funds.Call", "proposals.ProposalSequence")


def flushed_models() -> list[type[models.Model]]:
    """The roots and every model that refers to one of them, directly or through another."""
    chosen = [apps.get_model(label) for label in ROOTS]
    everything = apps.get_models(include_auto_created=True)
    grew = True
    while grew:
        grew = False
        for model in everything:
            if model in chosen or model._meta.proxy or not model._meta.managed:
                continue
            targets_ = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
            if targets_ & set(chosen):
                chosen.append(model)
                grew = True
    return chosen


def flush() -> None:
    """Remove the data a previous build (or anything else) put in those tables; configuration
    kept by migrations (funds, pipelines, rubrics, policies, areas, the matrix) stays."""
    chosen = flushed_models()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in chosen)
            # Deferred foreign-key checks queued earlier in this transaction (a build's updates)
            # would block TRUNCATE: run them now, then defer again as Django expects.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            with transaction.atomic():
                for model in reversed(chosen):
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(f"DELETE FROM {table}")


# --- the simulation ------------------------------------------------------------------------------

@dataclass
class Stage:
    id: int
    index: int
    order: int
    code: str
    name_th: str
    name_en: str
    form: str
    meeting: bool
    rubric_id: int | None
    rubric: dict | None
    on_fail: str


@dataclass
class Session:
    id: int
    fund: int
    stage: Stage
    starts_at: datetime.datetime
    closed: bool
    items: int = 0


@dataclass
class Event:
    """One stage result of one revision."""

    revision: int
    stage: Stage
    outcome: str
    at: datetime.datetime
    entered: datetime.datetime
    session: Session | None = None
    draft: bool = False
    agenda_open: bool = False


@dataclass
class History:
    status: str = "draft"
    revisions: list[datetime.datetime] = field(default_factory=list)  # submission moments
    events: list[Event] = field(default_factory=list)
    current_stage: Stage | None = None
    stage_entered: datetime.datetime | None = None
    open_session: Session | None = None  # an undecided agenda item (no result yet)
    approved_at: datetime.datetime | None = None
    last: datetime.datetime | None = None


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, rng.randrange(2, 11),
                             rng.randrange(60), tzinfo=UTC)  # 09:00–18:00 in Bangkok


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class Simulator:
    """Walks one proposal through its fund's pipeline, snapping meeting stages to sessions."""

    def __init__(self, rng, stages, sessions_by_stage, as_of):
        self.rng = rng
        self.stages = stages  # fund id -> [Stage]
        self.closed = {sid: [s for s in ss if s.closed] for sid, ss in sessions_by_stage.items()}
        self.planned = {sid: [s for s in ss if not s.closed] for sid, ss in sessions_by_stage.items()}
        self.closed_dates = {sid: [s.starts_at for s in ss] for sid, ss in self.closed.items()}
        self.limit = datetime.datetime.combine(as_of, datetime.time(11, tzinfo=UTC))

    def _session_after(self, stage: Stage, moment: datetime.datetime) -> Session | None:
        from bisect import bisect_left

        dates = self.closed_dates[stage.id]
        i = bisect_left(dates, moment + 2 * DAY)
        return self.closed[stage.id][i] if i < len(dates) else None

    def _gap(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, high), hours=self.rng.randrange(8))

    def fail_outcome(self, stage: Stage) -> str:
        if stage.form == "screening":
            return "not_passed_documents" if self.rng.random() < 0.6 else "not_passed"
        return "not_passed" if stage.form == "rubric" else "rejected"

    def route(self, stage: Stage, outcome: str) -> str:
        if outcome == "not_passed_documents":
            return "returned"
        return stage.on_fail

    def run(self, fund: int, fate: str, prior: int, created: datetime.datetime) -> History:
        """The history, stopped where time runs out (the proposal then waits where it is)."""
        rng, stages, h = self.rng, self.stages[fund], History()
        h.last = created
        if fate == "draft_new":
            return h
        revisable = [s for s in stages if s.on_fail != "rejected"]
        plans = []
        for _ in range(prior):
            stage = rng.choice(revisable)
            plans.append(("fail", stage.index))
        final = self._final_plan(fate, stages)
        plans.append(final)
        t = created
        for number, (kind, k) in enumerate(plans, start=1):
            t = t + self._gap(3, 25)
            if t > self.limit:
                return h
            h.revisions.append(t)
            h.status = "in_review"
            stopped, t = self._revision(h, number, stages, kind, k, t)
            if stopped:
                return h
            if number < len(plans) or fate == "draft_revising":
                t = t + self._gap(5, 40)  # the applicant starts the next revision
                if t > self.limit:
                    return h
                h.status, h.last = "draft", t
        return h

    def _final_plan(self, fate, stages):
        rng, last = self.rng, len(stages) - 1
        if fate == "approved":
            return ("pass", last)
        if fate == "in_review":
            return ("wait", 0 if rng.random() < 0.3 else rng.randint(1, last))
        by_route = defaultdict(list)
        for s in stages:
            by_route[s.on_fail].append(s.index)
        if fate == "not_passed" and by_route["not_passed"]:
            return ("fail", rng.choice(by_route["not_passed"]))
        if fate == "rejected" and by_route["rejected"]:
            return ("fail", rng.choice(by_route["rejected"]))
        returning = by_route["returned"] or [0]
        weights = [max(1, 5 - i) for i in range(len(returning))]
        return ("fail", rng.choices(returning, weights=weights)[0])

    def _revision(self, h: History, number: int, stages, kind: str, k: int, t):
        """One revision through the pipeline; returns (stopped, time)."""
        rng = self.rng
        entered = t
        for stage in stages:
            decisive = None
            if kind == "wait" and stage.index == k:
                self._wait(h, number, stage, entered)
                return True, t
            if stage.index < k or kind == "pass":
                decisive = "approved" if stage.form == "approval" else "passed"
            elif stage.index == k:
                decisive = self.fail_outcome(stage)
            after = entered
            while True:
                if stage.meeting:
                    session = self._session_after(stage, after)
                    if session is None or session.starts_at > self.limit:
                        self._wait(h, number, stage, entered)
                        return True, t
                    t = session.starts_at + datetime.timedelta(hours=rng.randrange(1, 60))
                    if stage.form != "screening" and rng.random() < NOT_CONSIDERED:
                        h.events.append(Event(number, stage, "not_considered", t, entered, session))
                        after = t
                        continue
                    h.events.append(Event(number, stage, decisive, t, entered, session))
                else:
                    t = t + self._gap(3, 21)
                    if t > self.limit:
                        self._wait(h, number, stage, entered)
                        return True, t
                    h.events.append(Event(number, stage, decisive, t, entered))
                break
            h.last = t
            if decisive in ("passed", "approved"):
                entered = t
                if stage.index == len(stages) - 1:
                    h.status, h.approved_at = "approved", t
                    return True, t
                continue
            route = self.route(stage, decisive)
            h.status = route
            return route == "rejected", t
        return True, t

    def _wait(self, h: History, number: int, stage: Stage, entered) -> None:
        rng = self.rng
        h.status, h.current_stage, h.stage_entered = "in_review", stage, entered
        h.last = max(h.last or entered, entered)
        if stage.meeting:
            planned = self.planned.get(stage.id) or []
            if planned and rng.random() < 0.5:
                h.open_session = rng.choice(planned)
                if rng.random() < 0.3:
                    h.events.append(Event(number, stage, "", min(entered + DAY, self.limit), entered,
                                          h.open_session, draft=True, agenda_open=True))
        elif rng.random() < 0.3:
            moment = min(entered + 2 * DAY, self.limit)
            h.events.append(Event(number, stage, "", moment, entered, draft=True))


# --- rubric answers ------------------------------------------------------------------------------

@dataclass
class Scored:
    answers: str  # JSON
    total: Decimal | None
    maximum: Decimal | None
    percentage: Decimal | None
    grade: str
    passed: bool


def _answer(item: dict, rng: random.Random, generous: bool) -> dict | None:
    kind = item["kind"]
    if kind == "gate":
        return {"checks": {c["id"]: (generous or rng.random() < 0.7) for c in item["checks"]}}
    if kind == "indicator_count":
        chance = 0.95 if generous else 0.5
        ticked = [i["id"] for i in item["indicators"] if rng.random() < chance]
        return {"present": True, "indicators": ticked}
    if kind == "choice":
        options = item["options"]
        option = options[0] if generous and rng.random() < 0.8 else rng.choice(options)
        return {"option": option["id"]}
    if kind == "bounded":
        choices = item.get("choices") or []
        choice = (choices[0] if generous else rng.choice(choices)) if choices else None
        cap = Decimal(choice["cap"] if choice else item["max"])
        low = cap * Decimal("0.7") if generous else Decimal(0)
        value = (low + (cap - low) * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("1"))
        answer = {"value": str(min(value, cap))}
        if choice:
            answer["choice"] = choice["id"]
        return answer
    if kind == "text":
        return {"text": rng.choice(ADVICE[:-1])}
    return None


def rubric_pool(definition: dict, applicant_type: str, rng: random.Random, size: int = 24):
    """Scored answer sets that pass and that fail the rubric (``review.scoring`` decides)."""
    passing, failing = [], []
    for attempt in range(size * 20):
        generous = attempt % 2 == 0
        answers = {}
        for item in definition["items"]:
            answer = _answer(item, rng, generous)
            if answer is not None:
                answers[item["id"]] = answer
        computed = scoring.score(definition, answers, applicant_type, require_complete=True)
        if computed.problems:
            continue
        scored = computed.maximum > 0
        entry = Scored(
            answers=json.dumps(answers, ensure_ascii=False),
            total=computed.total if scored else None,
            maximum=computed.maximum if scored else None,
            percentage=computed.percentage if scored else None,
            grade=(computed.grade or {}).get("code", "") if scored else "",
            passed=computed.passed)
        bucket = passing if computed.passed else failing
        if len(bucket) < size:
            bucket.append(entry)
        if len(passing) >= size and len(failing) >= size:
            break
    if not passing or not failing:
        raise RuntimeError(f"rubric {definition.get('code')}: could not draw passing and failing "
                           "answers")
    return {True: passing, False: failing}


# --- content -------------------------------------------------------------------------------------

def _money(amount: int) -> str:
    return f"{amount}.00"


def _split(total: int, parts: int, rng: random.Random, unit: int = 100) -> list[int]:
    """``total`` (a multiple of ``unit``) in ``parts`` positive multiples of ``unit``."""
    units = total // unit
    cuts = sorted(rng.sample(range(1, units), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, units]
    return [(bounds[i + 1] - bounds[i]) * unit for i in range(parts)]


def make_content(rng: random.Random, *, name: str, fund_groups: list[str], org: dict,
                 start: datetime.date, indicators: int, province: str) -> tuple[dict, int]:
    """A complete proposal (sections 1–3) in the shape of ``proposals.content``; its budget."""
    months = rng.randint(3, 10)
    end = start + datetime.timedelta(days=30 * months)
    steps_n = rng.randint(2, 4)
    budget = rng.randrange(500, 20_000) * 100  # 50,000 – 2,000,000 baht
    step_budgets = _split(budget, steps_n, rng)
    span = (end - start).days
    steps = []
    for s, amount in enumerate(step_budgets):
        acts_n = 1 if amount < 200 else rng.randint(1, 2)
        amounts = _split(amount, acts_n, rng)
        a_start = start + datetime.timedelta(days=span * s // steps_n)
        a_end = start + datetime.timedelta(days=span * (s + 1) // steps_n)
        steps.append({"name": STEP_NAMES[s % len(STEP_NAMES)], "activities": [
            {"description": f"{rng.choice(ACTIVITY_TEXTS)}ครั้งที่ {a + 1}",
             "start": a_start.isoformat(), "end": a_end.isoformat(), "budget": _money(x)}
            for a, x in enumerate(amounts)]})
    target_group = rng.choice(TARGETS)
    received = rng.random() < 0.4
    section2 = {
        "name": name,
        "target_groups": rng.sample(fund_groups, min(len(fund_groups), rng.randint(1, 2))),
        "is_research": False,
        "responsible_unit": {"name": org["name"], "phone": org["phone"], "email": org["email"]},
        "coordinator": {"name": org["coordinator"], "phone": org["phone"],
                        "email": org["email"]},
        "rationale": (f"{target_group}ใน{province}ยังขาดโอกาสในการเรียนรู้และพัฒนาทักษะ "
                      f"โครงการนี้มุ่ง{name.removeprefix('โครงการ')}อย่างต่อเนื่อง"),
        "objectives": [f"เพื่อพัฒนาทักษะของ{target_group}", "เพื่อสร้างเครือข่ายความร่วมมือในพื้นที่"],
        "targets": [f"{target_group} จำนวน {rng.randint(2, 20) * 10} คน"],
        "indicators": [
            {"name": INDICATOR_TEMPLATES[i][0], "unit": INDICATOR_TEMPLATES[i][1],
             "target_value": str(rng.randint(2, 40) * 10)}
            for i in range(indicators)],
        "outputs": [f"{target_group}ได้รับการอบรมตามหลักสูตร"],
        "outcomes": ["ผู้เข้าร่วมนำความรู้ไปใช้ในชีวิตประจำวัน"],
        "impact": ["คุณภาพชีวิตของกลุ่มเป้าหมายดีขึ้น"],
        "location": province,
        "method": "อบรมเชิงปฏิบัติการ ลงพื้นที่ติดตาม และประเมินผล",
        "period_start": start.isoformat(), "period_end": end.isoformat(),
        "requested_budget": _money(budget),
        "other_sources": [],
        "steps": steps,
    }
    content = {
        "section1": {
            "current_activities": ["จัดกิจกรรมส่งเสริมการเรียนรู้ในชุมชน"],
            "past_year_results": "ดำเนินโครงการร่วมกับหน่วยงานในพื้นที่ บรรลุเป้าหมายที่ตั้งไว้",
            "fund_history": {
                "received_before": received,
                "times": rng.randint(1, 4) if received else None,
                "last_year": fiscal.fiscal_year(start) - rng.randint(1, 3) if received else None,
                "last_project": "โครงการพัฒนาทักษะชีวิต" if received else "",
                "problems": "",
            },
            "other_funding": [],
        },
        "section2": section2,
        "section3": {"participation": [
            {"type": kind, "description": text, "agency": org["partner"]}
            for kind, text in rng.sample(PARTICIPATION, rng.randint(1, 2))]},
    }
    return content, budget


# Every table the build writes, in the order it writes them.
LOADED = [User, EmailAddress, Profile, Consent, Organisation, Membership, Personnel, Call,
          Proposal, ProposalSequence, ProposalRevision, EvaluationSession, SessionMember,
          AgendaItem, StageResult, FundedProject, MonitoringPlan, Programme, Activity, Indicator,
          QuarterTarget, IndicatorResult, BudgetPlan, BudgetQuarter, QuarterlyReport]


# --- the build -----------------------------------------------------------------------------------

@dataclass
class Report:
    timings: dict[str, list] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    total: float = 0.0


def _email(kind: str, n: int) -> str:
    return f"bench-{kind}-{n:05d}@{EMAIL_DOMAIN}"


def _national_id(rng: random.Random) -> str:
    first = str(rng.randint(1, 8)) + "".join(str(rng.randrange(10)) for _ in range(11))
    return first + str(nid.check_digit(first))


def build(*, scale: float = 1.0, seed: int = DEFAULT_SEED, as_of: datetime.date = AS_OF,
          out=None, batch_size: int = 2000) -> Report:
    """Build the dataset into an empty database (see ``flush``). Returns timings and counts."""
    say = out or (lambda message: None)
    began = time.perf_counter()
    report = Report()
    n = targets(scale)
    rng = random.Random(seed)
    writer = Writer(out=say, batch_size=batch_size)
    tick = [time.perf_counter()]

    def phase(name: str) -> None:
        now = time.perf_counter()
        report.phases[name] = report.phases.get(name, 0.0) + now - tick[0]
        tick[0] = now

    limit_moment = datetime.datetime.combine(as_of, datetime.time(11, tzinfo=UTC))
    funds = list(Fund.objects.order_by("pk"))
    if not funds:
        raise RuntimeError("no funds: run the migrations first")
    stages: dict[int, list[Stage]] = {}
    for fund in funds:
        rows = list(ReviewStage.objects.active().filter(fund=fund).select_related("rubric")
                    .order_by("order"))
        stages[fund.pk] = [Stage(s.pk, i, s.order, s.code, s.name_th, s.name_en, s.form,
                                 s.is_meeting, s.rubric_id,
                                 s.rubric.definition if s.rubric_id else None, s.on_fail)
                           for i, s in enumerate(rows)]
    funds = [f for f in funds if stages[f.pk]]
    subdistricts = list(Subdistrict.objects.select_related("district__province")
                        .order_by("code").values_list("code", "postcodes", "name_th",
                                                      "district__province__name_th",
                                                      "district__province_id"))
    policies = list(PolicyVersion.objects.order_by("pk").values_list("pk", flat=True))
    pg = connection.vendor == "postgresql"
    if pg:
        recreate = detach([m._meta.db_table for m in LOADED])
        with connection.cursor() as cursor:
            # lz4 compresses the proposals' JSON several times faster than the default pglz
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")
    phase("prepare")

    # --- users: the super user, staff, committee, then applicants --------------------------------
    password = make_password(PASSWORD, salt="phonlapbench2570")
    joined = datetime.datetime.combine(START - 60 * DAY, datetime.time(3, tzinfo=UTC))
    user_base = next_id(User)
    users = []  # (email, first, last, title, flags)
    users.append((f"bench-admin@{EMAIL_DOMAIN}", "ผู้ดูแล", "ระบบทดสอบ", "mr", "super"))
    for i in range(1, n["staff"] + 1):
        users.append((_email("staff", i), rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES),
                      rng.choice(TITLES), "staff"))
    for i in range(1, n["committee"] + 1):
        users.append((_email("committee", i), rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES),
                      "dr" if rng.random() < 0.4 else rng.choice(TITLES), "committee"))
    applicants = n["users"] - len(users)
    for i in range(1, applicants + 1):
        users.append((_email("user", i), rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES),
                      rng.choice(TITLES), "applicant"))
    ids = {kind: [] for kind in ("super", "staff", "committee", "applicant")}
    for offset, row in enumerate(users):
        ids[row[4]].append(user_base + offset)

    def user_rows():
        for offset, (email, first, last, title, kind) in enumerate(users):
            yield (user_base + offset, password, kind == "super", first, last, kind == "super",
                   True, joined + offset * datetime.timedelta(minutes=7), email, title,
                   f"0{rng.randint(20, 99)}{rng.randrange(10**6):06d}", "", "th",
                   kind == "staff", kind == "committee", False)

    writer.write(User, ["id", "password", "is_superuser", "first_name", "last_name", "is_staff",
                        "is_active", "date_joined", "email", "title", "phone", "mobile",
                        "language", "is_fund_staff", "is_committee", "must_change_password"],
                 user_rows())
    writer.write(EmailAddress, ["user_id", "email", "verified", "primary"],
                 ((user_base + o, u[0], True, True) for o, u in enumerate(users)))
    writer.write(Profile, ["user_id", "position", "work_group", "national_id", "completed_at"],
                 ((user_base + o, rng.choice(POSITIONS), "", _national_id(rng),
                   joined + o * datetime.timedelta(minutes=7) + DAY)
                  for o, u in enumerate(users) if u[4] == "applicant"))
    writer.write(Consent, ["user_id", "policy_version_id", "accepted_at", "ip_address"],
                 ((user_base + o, policy, joined + o * datetime.timedelta(minutes=7), None)
                  for o in range(len(users)) for policy in policies))
    phase("users")

    # --- organisations, their members and personnel ------------------------------------------------
    org_base = next_id(Organisation)
    orgs = []  # dicts kept for content
    applicant_ids = list(ids["applicant"])
    rng.shuffle(applicant_ids)
    per_org = len(applicant_ids) // n["organisations"]
    members_of: dict[int, dict[str, list[int]]] = {}
    cursor_ = 0
    for i in range(n["organisations"]):
        form, kind, agency, se = rng.choice(ORG_FORMS)
        code, postcodes, sub_name, province, province_code = rng.choice(subdistricts)
        org_id = org_base + i
        count = per_org + (1 if i < len(applicant_ids) % n["organisations"] else 0)
        people = applicant_ids[cursor_:cursor_ + count]
        cursor_ += count
        managers = people[:1 + (1 if count >= 4 and rng.random() < 0.3 else 0)]
        members_of[org_id] = {"managers": managers, "all": people}
        registered = se and rng.random() < 0.7
        orgs.append({
            "id": org_id, "name": f"{form}{sub_name} จังหวัด{province}", "kind": kind,
            "agency": agency, "se": se,
            "se_number": f"วสส.{rng.randrange(10000):04d}/{rng.randint(2562, 2569)}"
            if registered else "", "se_status": "registered" if registered else ("applied" if se else ""),
            "subdistrict": code, "postcode": postcodes.split()[0] if postcodes else "",
            "province_code": province_code,
            "province": f"จังหวัด{province}", "phone": f"0{rng.randint(20, 99)}{rng.randrange(10**6):06d}",
            "email": f"office{org_id}@{EMAIL_DOMAIN}",
            "coordinator": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "partner": f"สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด{province}",
            "created": datetime.datetime.combine(START - rng.randint(20, 55) * DAY,
                                                 datetime.time(4, tzinfo=UTC)),
            "chair": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "board": [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(2)],
        })
    writer.write(Organisation, [
        "id", "name", "kind", "parent_agency", "registration_year", "house_number", "road",
        "subdistrict_id", "address_province_id", "postcode", "is_social_enterprise",
        "se_registration_number", "se_status", "created_at", "updated_at", "created_by_id"],
        ((o["id"], o["name"], o["kind"], o["agency"], rng.randint(1980, 2021),
          f"{rng.randint(1, 400)}/{rng.randint(1, 9)}", "", o["subdistrict"], o["province_code"],
          o["postcode"], o["se"],
          o["se_number"], o["se_status"], o["created"], o["created"],
          members_of[o["id"]]["managers"][0] if members_of[o["id"]]["managers"] else None)
         for o in orgs))

    def membership_rows():
        for o in orgs:
            group = members_of[o["id"]]
            for person in group["all"]:
                manager = person in group["managers"]
                yield (person, o["id"], "approved", manager, o["created"],
                       None if manager else group["managers"][0], group["managers"][0],
                       o["created"] + DAY)

    writer.write(Membership, ["user_id", "organisation_id", "status", "is_manager",
                              "requested_at", "added_by_id", "decided_by_id", "decided_at"],
                 membership_rows())

    def personnel_rows():
        for o in orgs:
            first, last = o["chair"].split(" ", 1)
            yield (o["id"], "chair", 0, "", first, last, 0)
            for order, person in enumerate(o["board"], start=1):
                first, last = person.split(" ", 1)
                yield (o["id"], "board_member", 1, "", first, last, order)

    writer.write(Personnel, ["organisation_id", "role", "role_rank", "title", "first_name",
                             "last_name", "order"], personnel_rows())
    phase("organisations")

    # --- calls: one per fund and fiscal year ----------------------------------------------------------
    years = list(range(fiscal.fiscal_year(START), fiscal.fiscal_year(as_of) + 1))
    call_base = next_id(Call)
    calls = {}
    call_rows = []
    for fund in funds:
        for year in years:
            calls[(fund.pk, year)] = call_base + len(call_rows)
            call_rows.append((call_base + len(call_rows), fund.pk,
                              f"รอบการรับข้อเสนอโครงการ ปีงบประมาณ {year}",
                              f"Call for proposals, fiscal year {year}",
                              fiscal.fiscal_year_start(year), fiscal.fiscal_year_end(year)))
    writer.write(Call, ["id", "fund_id", "name_th", "name_en", "opens_on", "closes_on"], call_rows)

    # --- sessions: evenly spread per meeting stage; the last weeks' are still planned ---------------
    session_base = next_id(EvaluationSession)
    sessions: list[Session] = []
    by_stage: dict[int, list[Session]] = {}
    meeting_stages = [(f.pk, s) for f in funds for s in stages[f.pk] if s.meeting]
    per_stage = sessions_per_stage(scale, len(meeting_stages))
    first_day = datetime.datetime.combine(START + 30 * DAY, datetime.time(2, tzinfo=UTC))
    last_day = limit_moment + 21 * DAY
    for position, (fund_id, stage) in enumerate(meeting_stages):
        span = (last_day - first_day) / per_stage
        row = []
        for j in range(per_stage):
            # the last one falls after ``as_of``: each stage has a planned session
            moment = last_day - span * (per_stage - 1 - j) - position * 2 * DAY
            moment = moment.replace(hour=2, minute=0, second=0, microsecond=0)
            row.append(Session(session_base + len(sessions) + len(row), fund_id, stage, moment,
                               closed=moment + 7 * DAY <= limit_moment))
        sessions.extend(row)
        by_stage[stage.id] = row
    phase("sessions (plan)")

    # --- proposals: fates, histories, numbers ---------------------------------------------------------
    total = n["proposals"]
    fates = ["approved"] * n["funded_projects"]
    weight_sum = sum(w for _, w in FATES)
    rest = total - len(fates)
    for fate, weight in FATES:
        fates += [fate] * (rest * weight // weight_sum)
    fates += ["in_review"] * (total - len(fates))
    rng.shuffle(fates)
    simulator = Simulator(rng, stages, by_stage, as_of)
    span_days = (as_of - START).days
    proposals = []
    fund_weights = [3 if f.code == "disability-education" else 2 for f in funds]
    for fate in fates:
        fund = rng.choices(funds, weights=fund_weights)[0]
        org = rng.choice(orgs)
        prior = _weighted(rng, PRIOR_REVISIONS) if fate != "draft_new" else 0
        low, high = 0, span_days - 3
        if fate == "in_review":
            low = max(0, span_days - 300)
        elif fate == "approved":  # as late as the history may fit: funded years up to as_of
            high = max(0, span_days - (20 + 30 * (prior + len(stages[fund.pk]))))
        elif fate != "draft_new":
            high = max(0, span_days - (30 + 75 * (prior + len(stages[fund.pk]))))
        for _attempt in range(20):
            day = START + rng.randint(low, max(low, high)) * DAY
            created = _moment(day, rng)
            history = simulator.run(fund.pk, fate, prior, created)
            if fate != "approved" or history.status == "approved":
                break
            high = max(0, high - 60)
            low = 0
        proposals.append({"fate": fate, "fund": fund, "org": org, "created": created,
                          "history": history})
    proposals.sort(key=lambda p: (p["created"], p["org"]["id"]))
    sequences: dict[tuple[str, int], int] = defaultdict(int)
    proposal_base = next_id(Proposal)
    for i, p in enumerate(proposals):
        p["id"] = proposal_base + i
        prefix = (p["fund"].number_prefix or "PRP").upper()
        year = fiscal.fiscal_year(p["created"].date())
        sequences[(prefix, year)] += 1
        p["number"] = f"{prefix}-{year}-{sequences[(prefix, year)]:05d}"
        p["call"] = calls.get((p["fund"].pk, year))
        group = members_of[p["org"]["id"]]
        p["creator"] = rng.choice(group["all"])
        p["submitter"] = rng.choice(group["managers"])
        p["name"] = (f"โครงการ{rng.choice(ACTIONS)}{rng.choice(TOPICS)}"
                     f"สำหรับ{rng.choice(TARGETS)}{p['org']['province']}")
    phase("simulate")

    # --- content, proposals, revisions ------------------------------------------------------------------
    groups = {f.pk: [g["code"] for g in (f.target_groups or [])] for f in funds}
    revision_base = next_id(ProposalRevision)
    revision_id = revision_base
    for p in proposals:
        h = p["history"]
        approved = h.status == "approved"
        start_day = ((h.approved_at.date() if approved else (h.revisions[-1].date()
                      if h.revisions else p["created"].date())) + rng.randint(15, 45) * DAY)
        content, budget = make_content(
            rng, name=p["name"], fund_groups=groups[p["fund"].pk], org=p["org"],
            start=start_day, indicators=INDICATORS_PER_PLAN if approved else rng.randint(3, 6),
            province=p["org"]["province"])
        p["content"], p["budget"] = content, budget
        p["revision_ids"] = {}
        for number in range(1, len(h.revisions) + 1):
            p["revision_ids"][number] = revision_id
            revision_id += 1

    def snapshot(org):
        return {"name": org["name"], "kind": org["kind"], "parent_agency": org["agency"],
                "se_registration_number": org["se_number"],
                "executives": [{"role": "chair", "name": org["chair"]}]
                + [{"role": "board_member", "name": b} for b in org["board"]]}

    def proposal_rows():
        for p in proposals:
            h = p["history"]
            text = json.dumps(p["content"], ensure_ascii=False)
            saved = [1, 2, 3] if h.revisions else sorted(rng.sample([1, 2, 3], rng.randint(0, 3)))
            # What ProposalRevision.save copies: every revision holds the same figures here.
            submitted = bool(h.revisions)
            yield (p["id"], p["number"], p["fund"].pk, p["call"], p["org"]["id"], p["creator"],
                   h.status, p["name"], Decimal(p["budget"]), text, saved, len(h.revisions),
                   h.revisions[-1] if submitted else None,
                   h.revisions[0] if submitted else None,
                   fiscal.fiscal_year(timezone.localdate(h.revisions[0])) if submitted else None,
                   Decimal(p["budget"]) if submitted else None,
                   list(p["content"]["section2"].get("target_groups") or []) if submitted else [],
                   h.current_stage.id if h.current_stage else None, h.stage_entered,
                   p["created"], h.last or p["created"])

    writer.write(Proposal, ["id", "number", "fund_id", "call_id", "organisation_id",
                            "created_by_id", "status", "name", "requested_budget", "content",
                            "sections_saved", "latest_revision_number", "submitted_at",
                            "first_submitted_at", "first_fiscal_year", "submitted_budget",
                            "submitted_target_groups",
                            "current_stage_id", "stage_entered_at", "created_at", "updated_at"],
                 proposal_rows())
    writer.write(ProposalSequence, ["prefix", "fiscal_year", "last"],
                 ((prefix, year, last) for (prefix, year), last in sorted(sequences.items())))

    def revision_rows():
        for p in proposals:
            revisions = p["history"].revisions
            if not revisions:
                continue
            frozen = dict(p["content"])
            frozen["organisation"] = snapshot(p["org"])
            text = json.dumps(frozen, ensure_ascii=False)
            groups = list(p["content"]["section2"].get("target_groups") or [])
            for number, moment in enumerate(revisions, start=1):
                yield (p["revision_ids"][number], p["id"], number, text, p["name"],
                       Decimal(p["budget"]), moment, p["submitter"], groups)

    if pg:
        _copy_revisions(writer, proposals, snapshot)
    else:
        writer.write(ProposalRevision, ["id", "proposal_id", "number", "content", "name",
                                        "requested_budget", "submitted_at", "submitted_by_id",
                                        "target_groups"],
                     revision_rows())
    phase("proposals")

    # --- sessions, members, agenda items ------------------------------------------------------------
    staff = ids["staff"]
    committee = ids["committee"]
    writer.write(EvaluationSession, ["id", "fund_id", "stage_id", "name", "starts_at", "location",
                                     "status", "created_by_id", "created_at", "updated_at",
                                     "closed_at"],
                 ((s.id, s.fund, s.stage.id,
                   f"การประชุม{s.stage.name_th} ครั้งที่ {k + 1}/{fiscal.fiscal_year(s.starts_at.date())}",
                   s.starts_at, "ห้องประชุมกองทุน ชั้น 3", "closed" if s.closed else "planned",
                   rng.choice(staff), s.starts_at - 20 * DAY, s.starts_at - 20 * DAY,
                   s.starts_at + 4 * DAY if s.closed else None)
                  for k, s in enumerate(sessions)))

    def member_rows():
        for s in sessions:
            seats = rng.sample(committee, min(len(committee), rng.randint(5, 9)))
            yield (s.id, seats[0], "chair")
            yield (s.id, seats[1], "secretary")
            for person in seats[2:]:
                yield (s.id, person, "member")

    writer.write(SessionMember, ["session_id", "user_id", "role"], member_rows())

    agenda_base = next_id(AgendaItem)
    agenda = []  # (id, session, proposal, revision, position, added_by, added_at, decided_at)
    for p in proposals:
        h = p["history"]
        for event in h.events:
            if event.session is None:
                continue
            event.session.items += 1
            event.agenda_id = agenda_base + len(agenda)
            agenda.append((event.agenda_id, event.session.id, p["id"],
                           p["revision_ids"][event.revision], event.session.items,
                           rng.choice(staff), event.session.starts_at - 10 * DAY,
                           None if event.draft else event.at))
        if h.open_session is not None and not any(e.agenda_open for e in h.events):
            session = h.open_session
            session.items += 1
            agenda.append((agenda_base + len(agenda), session.id, p["id"],
                           p["revision_ids"][len(h.revisions)], session.items, rng.choice(staff),
                           min(limit_moment, session.starts_at - 10 * DAY), None))
    writer.write(AgendaItem, ["id", "session_id", "proposal_id", "revision_id", "position",
                              "added_by_id", "added_at", "decided_at"], agenda)
    phase("sessions")

    # --- stage results -------------------------------------------------------------------------------------
    pools = {}
    pool_rng = random.Random(seed + 1)
    for fund in funds:
        for stage in stages[fund.pk]:
            if stage.rubric is None:
                continue
            for kind in ("government", "private"):
                key = (stage.rubric_id, kind)
                if key not in pools:
                    pools[key] = rubric_pool(stage.rubric, kind, pool_rng)

    def result_rows():
        for p in proposals:
            org_kind = p["org"]["kind"] or "private"
            for event in p["history"].events:
                stage = event.stage
                outcome = event.outcome
                answers, total, maximum, percentage, grade, passed = "{}", None, None, None, "", None
                if stage.rubric_id is not None and outcome != "not_considered":
                    if stage.form == "rubric":
                        want = outcome == "passed" if outcome else rng.random() < 0.5
                    else:
                        want = outcome == "passed" if outcome else rng.random() < 0.7
                    pick = rng.choice(pools[(stage.rubric_id, org_kind)][want])
                    answers, total, maximum, percentage = (pick.answers, pick.total, pick.maximum,
                                                           pick.percentage)
                    grade, passed = pick.grade, pick.passed
                amount = signed = None
                if outcome == "approved":
                    amount = Decimal(p["budget"] * rng.randint(70, 100) // 100 // 100 * 100)
                    amount = max(amount, Decimal(100))
                    signed = event.at.date()
                    p["approved_amount"], p["signed_off_on"] = amount, signed
                    p["approving_staff"] = rng.choice(staff)
                recorder = rng.choice(staff)
                submitted = not event.draft
                yield (p["id"], p["revision_ids"][event.revision], stage.id, stage.order,
                       stage.name_th, stage.name_en, stage.form,
                       event.session.id if event.session else None,
                       getattr(event, "agenda_id", None), stage.rubric_id, org_kind,
                       "submitted" if submitted else "draft", outcome, answers, total, maximum,
                       percentage, grade, passed, rng.choice(ADVICE), amount, signed,
                       event.entered, 1, recorder, event.at, event.at,
                       recorder if submitted else None, event.at if submitted else None)

    writer.write(StageResult, [
        "proposal_id", "revision_id", "stage_id", "stage_order", "stage_name_th", "stage_name_en",
        "stage_form", "session_id", "agenda_item_id", "rubric_id", "applicant_type", "status",
        "outcome", "answers", "total", "maximum", "percentage", "grade", "rubric_passed", "advice",
        "approved_amount", "signed_off_on", "entered_stage_at", "lock_version", "recorded_by_id",
        "created_at", "updated_at", "submitted_by_id", "submitted_at"], result_rows())
    phase("results")

    # --- funded projects and their monitoring plans ---------------------------------------------------
    funded = [p for p in proposals if p["history"].status == "approved"]
    _build_monitoring(writer, rng, funded, as_of, staff)
    phase("monitoring")

    writer.reset_sequences()
    if pg:
        attach(recreate[0])
        phase("indexes")
        attach(recreate[1])
        phase("foreign keys")
        with connection.cursor() as cursor:
            for model in writer.written:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    # The indicators' stored year-to-date statuses, as every domain write keeps them.
    from phonlap.monitoring import statuses

    statuses.refresh_all()
    phase("indicator statuses")
    from django.core.cache import cache

    cache.clear()
    phase("finish")
    report.timings = writer.timings
    report.total = time.perf_counter() - began
    report.counts = {label: rows for label, (rows, _s) in writer.timings.items()}
    return report


def _copy_revisions(writer: Writer, proposals: list[dict], snapshot) -> None:
    """PostgreSQL: a revision's content is its proposal's content (already in the database) plus
    the organisation snapshot, so only the small columns travel; the server joins them."""
    started = time.perf_counter()
    quote = connection.ops.quote_name
    table = quote(ProposalRevision._meta.db_table)
    source = quote(Proposal._meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_revision (id bigint, proposal_id bigint, "
                       "number integer, submitted_at timestamptz, submitted_by_id bigint, "
                       "organisation jsonb) ON COMMIT DROP")
        with cursor.copy("COPY bench_revision FROM STDIN") as copy:
            for p in proposals:
                revisions = p["history"].revisions
                if not revisions:
                    continue
                organisation = json.dumps(snapshot(p["org"]), ensure_ascii=False)
                for number, moment in enumerate(revisions, start=1):
                    copy.write_row((p["revision_ids"][number], p["id"], number, moment,
                                    p["submitter"], organisation))
                    count += 1
        insert = (
            f"INSERT INTO {table} (id, proposal_id, number, content, name, requested_budget, "
            f"submitted_at, submitted_by_id, target_groups) SELECT b.id, b.proposal_id, "
            f"b.number, p.content || jsonb_build_object('organisation', b.organisation), p.name, "
            f"p.requested_budget, b.submitted_at, b.submitted_by_id, "
            f"COALESCE(p.content #> '{{section2,target_groups}}', '[]'::jsonb) "
            f"FROM bench_revision b "
            f"JOIN {source} p ON p.id = b.proposal_id ORDER BY b.id")
        cursor.execute(insert)
        cursor.execute("DROP TABLE bench_revision")
    label = ProposalRevision._meta.label
    writer.timings[label] = [count, time.perf_counter() - started]
    writer.written.append(ProposalRevision)


def _build_monitoring(writer: Writer, rng: random.Random, funded: list[dict],
                      as_of: datetime.date, staff_pool: list[int]) -> None:
    """Each funded project as ``monitoring.domain.start_funded_project`` seeds it, then a year of
    quarterly targets, results, disbursement and reports up to ``as_of``."""
    ids = {model: next_id(model) for model in (FundedProject, MonitoringPlan, Programme,
                                                Indicator, BudgetPlan)}
    projects, plans, programmes, activities, indicators = [], [], [], [], []
    targets_, results, budget_plans, budget_quarters, reports = [], [], [], [], []
    for p in funded:
        section2 = p["content"]["section2"]
        project_id = ids[FundedProject] + len(projects)
        period_start = datetime.date.fromisoformat(section2["period_start"])
        period_end = datetime.date.fromisoformat(section2["period_end"])
        amount, signed = p["approved_amount"], p["signed_off_on"]
        staff = p["approving_staff"]
        created = datetime.datetime.combine(signed, datetime.time(9, tzinfo=UTC))
        projects.append((project_id, p["id"], p["revision_ids"][len(p["history"].revisions)],
                         p["fund"].pk, p["org"]["id"], p["number"], p["name"], amount, signed,
                         period_start, period_end, staff, created))
        year = fiscal.fiscal_year(period_start)
        plan_id = ids[MonitoringPlan] + len(plans)
        plans.append((plan_id, "project", p["fund"].pk, project_id, year, p["name"],
                      section2["responsible_unit"]["name"][:300], "baht", staff, created))
        programme_id = ids[Programme] + len(programmes)
        programmes.append((programme_id, plan_id, 1, p["name"]))
        acts = []
        for order, step in enumerate(section2["steps"], start=1):
            starts = min(a["start"] for a in step["activities"])
            ends = max(a["end"] for a in step["activities"])
            budget = sum(Decimal(a["budget"]) for a in step["activities"])
            acts.append(SimpleNamespace(budget=budget,
                                        starts_on=datetime.date.fromisoformat(starts)))
            activities.append((programme_id, order, step["name"], "", budget,
                               datetime.date.fromisoformat(starts),
                               datetime.date.fromisoformat(ends)))
        # started quarters and their report states
        started = [q for q in fiscal.QUARTERS if fiscal.quarter_start(year, q) <= as_of]
        states = {}
        for q in started:
            if fiscal.quarter_end(year, q) >= as_of:
                states[q] = "draft"
            else:
                states[q] = _weighted(rng, [("accepted", 85), ("submitted", 7), ("returned", 4),
                                            ("draft", 4)])
        for order, item in enumerate(section2["indicators"], start=1):
            indicator_id = ids[Indicator] + len(indicators)
            name, unit, kind = INDICATOR_TEMPLATES[order - 1]
            target_value = Decimal(item["target_value"])
            baseline = None
            if kind == "count":
                planned = [Decimal(x) for x in _split(int(target_value), 4, rng, unit=1)] \
                    if target_value >= 4 else [target_value, 0, 0, 0]
                annual = target_value
            elif kind == "percentage":
                annual = Decimal(rng.choice([70, 75, 80, 90]))
                planned = [annual - 15, annual - 10, annual - 5, annual]
            elif kind == "level":
                annual = Decimal(rng.choice([4, 5]))
                planned = [Decimal(min(q, int(annual))) for q in fiscal.QUARTERS]
            else:  # cumulative: additions on top of the stock at the start of the year
                baseline = Decimal(rng.randint(1, 20) * 10)
                planned = [Decimal(x) for x in _split(int(target_value), 4, rng, unit=1)]
                annual = baseline + target_value
            indicators.append((indicator_id, plan_id, programme_id, None, order, name, unit, kind,
                               False, baseline, annual, [], "", ""))
            for q in fiscal.QUARTERS:
                targets_.append((indicator_id, q, planned[q - 1]))
            for q in started:
                if states[q] == "draft" and rng.random() < 0.5:
                    continue  # not entered yet
                value = numerator = denominator = None
                if kind == "percentage":
                    denominator = Decimal(rng.randint(20, 120))
                    rate = min(Decimal(100), planned[q - 1] + rng.randint(-15, 15))
                    numerator = (denominator * rate / 100).quantize(Decimal("1"))
                elif kind == "level":
                    value = Decimal(max(1, min(5, int(planned[q - 1]) + rng.randint(-1, 1))))
                else:
                    value = (planned[q - 1] * Decimal(rng.randint(60, 130)) / 100).quantize(
                        Decimal("1"))
                breakdown = {"disabilities": int(value or numerator or 0)} \
                    if rng.random() < 0.3 else {}
                results.append((indicator_id, q, value, numerator, denominator, "", breakdown,
                                p["creator"], datetime.datetime.combine(
                                    min(as_of, fiscal.quarter_end(year, q)),
                                    datetime.time(8, tzinfo=UTC))))
        budget_id = ids[BudgetPlan] + len(budget_plans)
        budget_plans.append((budget_id, plan_id, 1, p["name"], amount))
        plan_obj = SimpleNamespace(fiscal_year=year)
        by_quarter = monitoring_domain._planned_by_quarter(plan_obj, acts, amount,
                                                           Decimal(p["budget"]))
        cumulative, spent = Decimal(0), Decimal(0)
        for q in fiscal.QUARTERS:
            cumulative += by_quarter[q]
            pct = min(Decimal(100), (cumulative * 100 / amount).quantize(Decimal("0.01")))
            disbursed = None
            if q in states:
                share = by_quarter[q] * Decimal(rng.randint(50, 100)) / 100
                disbursed = min(share.quantize(Decimal("1")), amount - spent)
                spent += disbursed
            budget_quarters.append((budget_id, q, pct, by_quarter[q], disbursed))
        for q in started:
            status = states[q]
            due = fiscal.quarter_due_date(year, q, 15)
            submitted = reviewed = None
            if status != "draft":
                submitted = datetime.datetime.combine(min(as_of, due - 3 * DAY),
                                                      datetime.time(7, tzinfo=UTC))
            if status in ("accepted", "returned"):
                reviewed = min(submitted + 5 * DAY,
                               datetime.datetime.combine(as_of, datetime.time(9, tzinfo=UTC)))
            reports.append((plan_id, q, status, due, submitted,
                            p["creator"] if submitted else None, reviewed,
                            rng.choice(staff_pool) if reviewed else None,
                            rng.choice(REVIEW_COMMENTS) if status == "returned" else ""))

    writer.write(FundedProject, ["id", "proposal_id", "revision_id", "fund_id", "organisation_id",
                                 "number", "name", "approved_amount", "signed_off_on",
                                 "period_start", "period_end", "created_by_id", "created_at"],
                 projects)
    writer.write(MonitoringPlan, ["id", "level", "fund_id", "funded_project_id", "fiscal_year",
                                  "name", "responsible_unit", "amount_unit", "created_by_id",
                                  "created_at"], plans)
    writer.write(Programme, ["id", "plan_id", "order", "name"], programmes)
    writer.write(Activity, ["programme_id", "order", "name", "responsible_unit", "budget",
                            "starts_on", "ends_on"], activities)
    writer.write(Indicator, ["id", "plan_id", "programme_id", "activity_id", "order", "name",
                             "unit", "kind", "lower_is_better", "baseline", "annual_target",
                             "level_definitions", "responsible_unit", "rollup"], indicators)
    writer.write(QuarterTarget, ["indicator_id", "quarter", "planned"], targets_)
    writer.write(IndicatorResult, ["indicator_id", "quarter", "value", "numerator", "denominator",
                                   "note", "breakdown", "entered_by_id", "updated_at"], results)
    writer.write(BudgetPlan, ["id", "plan_id", "order", "name", "received"], budget_plans)
    writer.write(BudgetQuarter, ["budget_plan_id", "quarter", "target_pct", "planned",
                                 "disbursed"], budget_quarters)
    writer.write(QuarterlyReport, ["plan_id", "quarter", "status", "due_on", "submitted_at",
                                   "submitted_by_id", "reviewed_at", "reviewed_by_id",
                                   "review_comment"], reports)
