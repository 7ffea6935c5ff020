"""The demo's monitoring (spec 04, issue 5): the funded projects report two quarters, and the
SE promotion fund monitors its own annual plan for the current fiscal year — all through the
monitoring domain (``monitoring.domain``), acted on plausible days (``review.story_time``).

Which fiscal years (computed from the load's ``today``, never a fixed date):

* The funded projects report in the latest fiscal year whose second quarter has begun
  (:func:`report_year`): results and disbursement are refused for quarters that have not begun.
  The board approved them weeks ago and their seeded plan is for the year their period starts;
  when that year is not the reporting year (early in a fiscal year), the project's plan for the
  reporting year is seeded from the approved revision by ``seed_project_plan`` with the dates
  moved back by whole years, so that the demo always shows two reported quarters.
* The fund's own plan is for the current fiscal year, with results for every quarter that has
  begun (today's included).
* The roll-up (a fund-level indicator summing the funded projects' indicator) needs project
  plans of the same year and fund: the demo's funded projects belong to the disability
  education fund, so it sits in a small plan of that fund for the current year, made only when
  both projects have a plan for that year.

Running it again changes nothing: each part is skipped once it exists."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

from django.utils import timezone

from phonlap.core import fiscal
from phonlap.funds.models import Fund
from phonlap.monitoring import domain
from phonlap.monitoring.enums import AmountUnit, IndicatorKind, ReportStatus, RollUp
from phonlap.monitoring.models import FundedProject, MonitoringPlan, QuarterlyReport

from . import data
from .review import moment, story_time

SE_FUND = "se-promotion"
DEF_FUND = "disability-education"
SE_PLAN_NAME = "แผนปฏิบัติการประจำปีงบประมาณ {fy} สำนักงานส่งเสริมวิสาหกิจเพื่อสังคม"
SE_OFFICE = "สำนักงานส่งเสริมวิสาหกิจเพื่อสังคม"
DEF_PLAN_NAME = "แผนติดตามผลโครงการที่ได้รับการสนับสนุน ปีงบประมาณ {fy}"
DEF_OFFICE = "สำนักงานกองทุนส่งเสริมและพัฒนาการศึกษาสำหรับคนพิการ"

RESULTS_AFTER_DAYS = 7  # a quarter's results are entered and submitted a week after it ends
REVIEW_AFTER_DAYS = 5  # staff review a submitted report five days later


# --- the funded projects ---------------------------------------------------------------------

# The seeded indicators, in order (from the approved revision's section 2): trainees (a count)
# and satisfaction (made a percentage here: it is a rate). "q": the quarterly plans (None =
# N/A); "results": per quarter reported, value or (numerator, denominator), note, breakdown.
PROJECTS = [
    {"key": "approved", "reporter": "project_manager", "q2": ReportStatus.SUBMITTED,
     "seeded": [
         {"q": {1: "10", 2: "20", 3: "10", 4: None},
          "results": {1: ("12", "อบรมรุ่นที่ 1 ครูและพี่เลี้ยงนักศึกษาพิการ 12 คน ณ มหาวิทยาลัยขอนแก่น",
                          {"women": 9, "disabilities": 2}),
                      2: ("17", "อบรมรุ่นที่ 2 ได้ 17 คน จากเป้าหมาย 20 คน มหาวิทยาลัย 1 แห่งเลื่อนการส่งบุคลากร"
                                "เข้าอบรมเพราะตรงกับช่วงสอบปลายภาค", {"women": 11, "disabilities": 1})}},
         {"percentage": True, "q": {1: "85", 2: "85", 3: "85", 4: None},
          "results": {1: (("11", "12"), "แบบประเมินหลังการอบรมรุ่นที่ 1 พึงพอใจมากถึงมากที่สุด 11 จาก 12 คน", None),
                      2: (("14", "17"), "ผู้เข้าอบรมบางส่วนเห็นว่าเวลาฝึกปฏิบัติน้อยเกินไป", None)}},
     ],
     "extra": {"name": "ครูและพี่เลี้ยงในเครือข่ายที่ผ่านการอบรมการสนับสนุนนักศึกษาพิการ (สะสม)",
               "unit": "คน", "kind": IndicatorKind.CUMULATIVE, "baseline": "1400",
               "annual_target": "1600", "q": {1: "50", 2: "50", 3: "50", 4: "50"},
               "results": {1: ("46", "รวมผู้ผ่านการอบรมในเครือข่ายมหาวิทยาลัย 8 แห่ง", None),
                           2: ("61", "มหาวิทยาลัยเครือข่ายจัดอบรมต่อขยายเองอีก 2 แห่ง", None)}},
     "disbursed": {1: Decimal("0.92"), 2: Decimal("0.78")},
     "obstacles": ("การเบิกจ่ายค่าตอบแทนพี่เลี้ยงล่าช้า เพราะมหาวิทยาลัยต้องออกระเบียบรองรับก่อน "
                   "และอบรมรุ่นที่ 2 ได้ผู้เข้าร่วมน้อยกว่าแผน",
                   "ประสานกองคลังของมหาวิทยาลัยให้เบิกจ่ายตามระเบียบของกองทุนได้ทันที "
                   "และเปิดอบรมรอบเสริมแบบออนไลน์ในไตรมาสที่ 3"),
     "q1_comment": "ผลการดำเนินงานและหลักฐานครบถ้วน รับรายงาน"},
    {"key": "korat_approved", "reporter": "korat_manager", "q2": ReportStatus.RETURNED,
     "seeded": [
         {"q": {1: "15", 2: "15", 3: "10", 4: None},
          "results": {1: ("15", "อบรมครูการศึกษาพิเศษและผู้ดูแลด้านการฝึกทักษะการเดินทาง (O&M) 15 คน", None),
                      2: ("12", "ครูจากอำเภอรอบนอก 3 คนติดภารกิจสอบระดับชาติ จะเข้าอบรมรอบถัดไป", None)}},
         {"percentage": True, "q": {1: "85", 2: "85", 3: "85", 4: None},
          "results": {1: (("14", "15"), "ผลแบบประเมินความพึงพอใจหลังการอบรม", None),
                      2: (("10", "12"), "ผลแบบประเมินความพึงพอใจหลังการอบรม", None)}},
     ],
     "extra": {"name": "ร้อยละของเยาวชนตาบอดที่เดินทางด้วยไม้เท้าขาวได้ด้วยตนเองหลังการฝึก",
               "unit": "ร้อยละ", "kind": IndicatorKind.PERCENTAGE, "annual_target": "80",
               "q": {1: None, 2: "70", 3: "75", 4: "80"},
               "results": {2: (("17", "24"), "ประเมินโดยครูฝึกการเดินทาง: เดินทางจากบ้านถึงโรงเรียนได้เอง "
                                             "17 จาก 24 คน",
                               {"disabilities": 24, "children_youth": 24, "women": 10,
                                "ethnic_groups": 3})}},
     "disbursed": {1: Decimal("0.85"), 2: Decimal("0.70")},
     "obstacles": ("ฝนตกหนักในเดือนกุมภาพันธ์ทำให้ต้องเลื่อนการฝึกเดินทางนอกสถานที่ 2 ครั้ง",
                   "ปรับตารางฝึกเป็นช่วงเช้า และฝึกในอาคารของสมาคมแทนในวันที่ฝนตก"),
     "q1_comment": "รับรายงาน ขอให้ไตรมาสถัดไปแนบภาพถ่ายการฝึกภาคสนามด้วย",
     "q2_comment": ("ยังไม่ได้แนบรายชื่อผู้เข้าอบรมที่ลงนาม (ไม่ต้องระบุเลขประจำตัวประชาชน) "
                    "และผลเบิกจ่ายไตรมาสที่ 2 ไม่ตรงกับหลักฐานการจ่ายค่าวิทยากร "
                    "กรุณาแก้ไขแล้วส่งรายงานอีกครั้ง")},
]


def report_year(today: datetime.date) -> int:
    """The latest fiscal year (B.E.) whose second quarter has begun."""
    year = fiscal.fiscal_year(today)
    return year if fiscal.quarter_start(year, 2) <= today else year - 1


def _years_back(value, years: int):
    """An ISO date string or date moved back by whole years (29 February → 28 February)."""
    if not value or not years:
        return value
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    try:
        moved = day.replace(year=day.year - years)
    except ValueError:
        moved = day.replace(year=day.year - years, day=28)
    return moved if isinstance(value, datetime.date) else moved.isoformat()


def _project_plan(*, staff, project: FundedProject, year: int) -> MonitoringPlan:
    """The project's plan for ``year``: the seeded one, or one seeded from the approved revision
    with its dates moved back into that year."""
    plan = project.plans.filter(fiscal_year=year).first()
    if plan is not None:
        return plan
    seeded = fiscal.fiscal_year(project.period_start or project.signed_off_on)
    years = seeded - year
    section2 = copy.deepcopy((project.revision.content or {}).get("section2") or {})
    for key in ("period_start", "period_end"):
        section2[key] = _years_back(section2.get(key), years)
    for step in section2.get("steps") or []:
        for activity in step.get("activities") or []:
            for key in ("start", "end"):
                activity[key] = _years_back(activity.get(key), years)
    earlier = copy.copy(project)  # the same project, its period read in the earlier year
    earlier.period_start = _years_back(project.period_start, years)
    earlier.signed_off_on = _years_back(project.signed_off_on, years)
    return domain.seed_project_plan(actor=staff, project=earlier, section2=section2)


def _shape_project_plan(*, staff, plan: MonitoringPlan, spec: dict) -> list:
    """Quarterly plans on the seeded indicators (satisfaction becomes a percentage) and one
    more indicator; returns the indicators in the order of ``spec``."""
    indicators = list(plan.indicators.order_by("order"))
    programme = plan.programmes.order_by("order").first()
    shaped = []
    for indicator, shape in zip(indicators, spec["seeded"], strict=False):
        kind = IndicatorKind.PERCENTAGE if shape.get("percentage") else indicator.kind
        shaped.append(domain.save_indicator(
            actor=staff, plan=plan, indicator=indicator, programme=programme,
            name=indicator.name, unit=indicator.unit, kind=kind,
            annual_target=indicator.annual_target, quarter_plans=shape["q"],
            responsible_unit=plan.responsible_unit))
    extra = spec["extra"]
    existing = plan.indicators.filter(name=extra["name"]).first()
    shaped.append(existing or domain.save_indicator(
        actor=staff, plan=plan, programme=programme, name=extra["name"], unit=extra["unit"],
        kind=extra["kind"], baseline=extra.get("baseline"), annual_target=extra["annual_target"],
        quarter_plans=extra["q"], responsible_unit=plan.responsible_unit))
    return shaped


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    """A moment of the story, never after the real now."""
    return min(moment(day, hour), timezone.now())


def _quarter_day(year: int, quarter: int, today: datetime.date, after: int) -> datetime.date:
    """``after`` days after the quarter ends, or today if that has not come yet."""
    return min(fiscal.quarter_end(year, quarter) + datetime.timedelta(days=after), today)


def _record(*, actor, indicator, quarter: int, entry) -> None:
    value, note, breakdown = entry
    if isinstance(value, tuple):
        domain.record_result(actor=actor, indicator=indicator, quarter=quarter,
                             numerator=value[0], denominator=value[1], note=note,
                             breakdown=breakdown)
    elif indicator.kind == IndicatorKind.QUALITATIVE:
        domain.record_result(actor=actor, indicator=indicator, quarter=quarter, note=note)
    else:
        domain.record_result(actor=actor, indicator=indicator, quarter=quarter, value=value,
                             note=note, breakdown=breakdown)


def _report_project(*, staff, reporter, plan: MonitoringPlan, indicators: list, spec: dict,
                    today: datetime.date) -> None:
    """Q1 reported and accepted; Q2 reported and submitted (then returned, if the spec says)."""
    year = plan.fiscal_year
    entries = [s["results"] for s in spec["seeded"]] + [spec["extra"]["results"]]
    budget_plan = plan.budget_plans.order_by("order").first()
    planned = {q.quarter: q.planned or Decimal(0) for q in budget_plan.quarters.all()}
    programme = plan.programmes.order_by("order").first()
    for quarter in (1, 2):
        day = _quarter_day(year, quarter, today, RESULTS_AFTER_DAYS)
        with story_time(_at(day, 10)):
            for indicator, results in zip(indicators, entries, strict=True):
                if quarter in results:
                    _record(actor=reporter, indicator=indicator, quarter=quarter,
                            entry=results[quarter])
            share = spec["disbursed"][quarter]
            domain.record_disbursement(
                actor=reporter, budget_plan=budget_plan, quarter=quarter,
                disbursed=(planned.get(quarter, Decimal(0)) * share).quantize(Decimal(1)))
            report = domain.open_report(plan=plan, quarter=quarter)
            if quarter == 2:
                problems, fixes = spec["obstacles"]
                domain.save_obstacles(actor=reporter, report=report, programme=programme,
                                      problems=problems, fixes=fixes)
        with story_time(_at(day, 15)):
            report = domain.submit_report(actor=reporter, report=report)
        reviewed = _at(min(day + datetime.timedelta(days=REVIEW_AFTER_DAYS), today), 11)
        if quarter == 1:
            with story_time(reviewed):
                domain.accept_report(actor=staff, report=report, comment=spec["q1_comment"])
        elif spec["q2"] == ReportStatus.RETURNED:
            with story_time(reviewed):
                domain.return_report(actor=staff, report=report, comment=spec["q2_comment"])


def _projects(*, users: dict, today: datetime.date) -> dict[str, FundedProject]:
    """Every project of ``PROJECTS``: its plans shaped, and two quarters reported in the
    reporting year. A project whose plans have reports is left as it is."""
    staff, year = users["staff"], report_year(today)
    names = {spec["key"]: spec["name"] for spec in data.PROPOSALS}
    projects = {}
    for spec in PROJECTS:
        project = FundedProject.objects.filter(proposal__name=names[spec["key"]]).first()
        if project is None:
            continue
        projects[spec["key"]] = project
        if project.plans.filter(reports__isnull=False).exists():
            continue
        reporting = _project_plan(staff=staff, project=project, year=year)
        for plan in project.plans.order_by("fiscal_year"):
            shaped = _shape_project_plan(staff=staff, plan=plan, spec=spec)
            if plan.pk == reporting.pk:
                _report_project(staff=staff, reporter=users[spec["reporter"]], plan=plan,
                                indicators=shaped, spec=spec, today=today)
    return projects


# --- the SE promotion fund's own plan (modelled on the OSEP FY 2566 performance report) -----

LEVELS = [
    "มีแนวทางและกรอบตัวชี้วัดการติดตามผลโครงการที่ได้รับการสนับสนุน",
    "ออกแบบระบบและแบบฟอร์มรายงานผลรายไตรมาสแล้วเสร็จ",
    "ทดลองใช้ระบบกับโครงการนำร่องอย่างน้อย 10 โครงการ",
    "โครงการที่ได้รับการสนับสนุนทุกโครงการรายงานผลผ่านระบบ",
    "นำผลการติดตามไปใช้ประกอบการพิจารณาจัดสรรทุนในปีถัดไป",
]

# Programmes (แผนงาน) → activities (โครงการ/กิจกรรม, responsible unit) → indicators. "q": the
# quarterly plan (None = N/A); "r": the result of each quarter (entered once it has begun).
SE_PROGRAMMES = [
    {"name": "แผนงานส่งเสริมและพัฒนาวิสาหกิจเพื่อสังคม",
     "problems": ("ผู้ประกอบการในภาคเหนือเข้าร่วมอบรมได้น้อยกว่าแผน เนื่องจากอุทกภัยในช่วงเดือนตุลาคม "
                  "และบางส่วนยังไม่พร้อมยื่นจดทะเบียนเพราะงบการเงินยังไม่ผ่านการรับรอง"),
     "fixes": ("เพิ่มรอบอบรมออนไลน์และจัดคลินิกให้คำปรึกษาด้านบัญชีร่วมกับสภาวิชาชีพบัญชี "
               "เพื่อให้ผลสะสมเป็นไปตามแผนภายในไตรมาสที่ 2"),
     "activities": [
         {"name": "โครงการส่งเสริมการจดทะเบียนและรับรองวิสาหกิจเพื่อสังคม",
          "unit": "กลุ่มส่งเสริมและจดทะเบียนวิสาหกิจเพื่อสังคม",
          "indicators": [
              {"name": "วิสาหกิจเพื่อสังคมที่ได้รับการจดทะเบียนรายใหม่", "unit": "กิจการ",
               "kind": IndicatorKind.COUNT, "annual_target": "120",
               "q": {1: "20", 2: "30", 3: "35", 4: "35"},
               "r": {1: ("26", "รับจดทะเบียนรายใหม่ 26 กิจการ สูงกว่าแผนจากการเปิดจุดรับคำขอในงานมหกรรม"),
                     2: ("34", "ยื่นคำขอผ่านระบบออนไลน์เพิ่มขึ้น"),
                     3: ("37", ""), 4: ("33", "")}},
              {"name": "ร้อยละของวิสาหกิจเพื่อสังคมที่ถูกเพิกถอนการจดทะเบียน (ยิ่งน้อยยิ่งดี)",
               "unit": "ร้อยละ", "kind": IndicatorKind.PERCENTAGE, "annual_target": "5",
               "lower_is_better": True, "q": {1: "5", 2: "5", 3: "5", 4: "5"},
               "r": {1: (("2", "118"), "เพิกถอน 2 กิจการ เนื่องจากไม่ส่งรายงานประจำปีติดต่อกัน 2 ปี"),
                     2: (("3", "124"), ""), 3: (("4", "131"), ""), 4: (("5", "137"), "")}},
          ]},
         {"name": "โครงการพัฒนาศักยภาพผู้ประกอบการวิสาหกิจเพื่อสังคม",
          "unit": "กลุ่มพัฒนาศักยภาพและเครือข่าย",
          "indicators": [
              {"name": "ผู้ประกอบการและบุคลากรวิสาหกิจเพื่อสังคมที่ผ่านการพัฒนาศักยภาพ (สะสม)",
               "unit": "คน", "kind": IndicatorKind.CUMULATIVE, "baseline": "1400",
               "annual_target": "1600", "q": {1: "50", 2: "50", 3: "50", 4: "50"},
               "r": {1: ("38", "อบรมหลักสูตรการวัดผลตอบแทนทางสังคม (SROI) 2 รุ่น ผู้เข้าร่วมน้อยกว่าแผน",
                         {"women": 21, "disabilities": 4, "ethnic_groups": 6}),
                     2: ("55", ""), 3: ("52", ""), 4: ("50", "")}},
              {"name": "กิจกรรมเชื่อมโยงตลาดและเครือข่ายธุรกิจเพื่อสังคม", "unit": "ครั้ง",
               "kind": IndicatorKind.COUNT, "annual_target": "12",
               "q": {1: "3", 2: "3", 3: "3", 4: "3"},
               "r": {1: ("3", "จับคู่ธุรกิจกับผู้ซื้อภาครัฐและเอกชน 3 ครั้ง"), 2: ("3", ""),
                     3: ("3", ""), 4: ("3", "")}},
          ]},
     ]},
    {"name": "แผนงานสร้างการรับรู้และบริหารจัดการกองทุนส่งเสริมวิสาหกิจเพื่อสังคม",
     "problems": "", "fixes": "",
     "activities": [
         {"name": "โครงการประชาสัมพันธ์และสร้างการรับรู้เรื่องวิสาหกิจเพื่อสังคม",
          "unit": "กลุ่มสื่อสารองค์กร",
          "indicators": [
              {"name": "ช่องทางการสื่อสารที่เผยแพร่ข้อมูลวิสาหกิจเพื่อสังคม", "unit": "ช่องทาง",
               "kind": IndicatorKind.COUNT, "annual_target": "8",
               "q": {1: "2", 2: "2", 3: "2", 4: "2"},
               "r": {1: ("2", "เว็บไซต์และเพจเฟซบุ๊กของสำนักงาน"), 2: ("2", "รายการวิทยุและพอดแคสต์"),
                     3: ("2", ""), 4: ("2", "")}},
              {"name": "ผลการสร้างการรับรู้ต่อสาธารณะ", "unit": "เชิงคุณภาพ",
               "kind": IndicatorKind.QUALITATIVE, "q": {1: None, 2: None, 3: None, 4: None},
               "r": {1: (None, "ผู้ชมคลิปเรื่องเล่าวิสาหกิจเพื่อสังคมกว่า 45,000 ครั้ง "
                               "สื่อมวลชนนำไปเผยแพร่ต่อ 6 สำนัก")}},
          ]},
         {"name": "โครงการบริหารจัดการกองทุนส่งเสริมวิสาหกิจเพื่อสังคม",
          "unit": "กลุ่มบริหารกองทุนและติดตามประเมินผล",
          "indicators": [
              {"name": "วิสาหกิจเพื่อสังคมที่ได้รับเงินทุนสนับสนุนจากกองทุน", "unit": "กิจการ",
               "kind": IndicatorKind.COUNT, "annual_target": "40",
               "q": {1: "5", 2: "10", 3: "15", 4: "10"},
               "r": {1: ("3", "คณะกรรมการบริหารกองทุนประชุมครั้งแรกของปีล่าช้า อนุมัติได้ 3 กิจการ"),
                     2: ("9", ""), 3: ("14", ""), 4: ("12", "")}},
              {"name": "ระดับความสำเร็จของการพัฒนาระบบติดตามและประเมินผลโครงการที่ได้รับการสนับสนุน",
               "unit": "ระดับ", "kind": IndicatorKind.LEVEL, "annual_target": "5",
               "levels": LEVELS, "q": {1: None, 2: "2", 3: "3", 4: "5"},
               "r": {2: ("2", "ออกแบบแบบฟอร์มรายงานรายไตรมาสแล้วเสร็จ"), 3: ("3", ""), 4: ("4", "")}},
              {"name": "ร้อยละความพึงพอใจของผู้รับบริการของกองทุน", "unit": "ร้อยละ",
               "kind": IndicatorKind.PERCENTAGE, "annual_target": "85",
               "q": {1: None, 2: "85", 3: None, 4: "85"},
               "r": {2: (("176", "205"), "สำรวจรอบครึ่งปี"), 4: (("190", "214"), "สำรวจรอบสิ้นปี")}},
          ]},
     ]},
]

# Budget plans (แผนงบประมาณ): the budget received and what was disbursed each quarter.
SE_BUDGETS = [
    {"name": "งบดำเนินงาน แผนงานส่งเสริมและพัฒนาวิสาหกิจเพื่อสังคม", "received": Decimal("12500000"),
     "disbursed": {1: Decimal("2850000"), 2: Decimal("3400000"), 3: Decimal("3100000"),
                   4: Decimal("3000000")}},
    {"name": "งบดำเนินงาน แผนงานสร้างการรับรู้และบริหารจัดการกองทุน", "received": Decimal("3200000"),
     "disbursed": {1: Decimal("960000"), 2: Decimal("700000"), 3: Decimal("800000"),
                   4: Decimal("650000")}},
]
TARGET_PCT = {1: Decimal(25), 2: Decimal(50), 3: Decimal(75), 4: Decimal(100)}


def _begun(year: int, today: datetime.date) -> list[int]:
    return [q for q in fiscal.QUARTERS if fiscal.quarter_start(year, q) <= today]


def _se_plan(*, staff, today: datetime.date) -> MonitoringPlan | None:
    """The fund's plan for the current fiscal year, its results for the quarters begun; the
    reports of quarters that have ended accepted, today's quarter a draft."""
    year = fiscal.fiscal_year(today)
    fund = Fund.objects.get(code=SE_FUND)
    name = SE_PLAN_NAME.format(fy=year)
    if MonitoringPlan.objects.filter(fund=fund, fiscal_year=year, name=name).exists():
        return None
    plan = domain.create_plan(actor=staff, fund=fund, fiscal_year=year, name=name,
                              responsible_unit=SE_OFFICE, amount_unit=AmountUnit.MILLIONS)
    indicators = []  # (indicator, results)
    programmes = []
    for p_spec in SE_PROGRAMMES:
        programme = domain.add_programme(actor=staff, plan=plan, name=p_spec["name"])
        programmes.append((programme, p_spec))
        for a_spec in p_spec["activities"]:
            activity = domain.add_activity(actor=staff, programme=programme, name=a_spec["name"],
                                           responsible_unit=a_spec["unit"])
            for i in a_spec["indicators"]:
                indicator = domain.save_indicator(
                    actor=staff, plan=plan, programme=programme, activity=activity,
                    name=i["name"], unit=i["unit"], kind=i["kind"],
                    annual_target=i.get("annual_target"), baseline=i.get("baseline"),
                    lower_is_better=i.get("lower_is_better", False),
                    level_definitions=i.get("levels"), responsible_unit=a_spec["unit"],
                    quarter_plans=i["q"])
                indicators.append((indicator, i["r"]))
    budgets = []
    for b_spec in SE_BUDGETS:
        quarter_amount = b_spec["received"] / 4
        budgets.append((domain.save_budget_plan(
            actor=staff, plan=plan, name=b_spec["name"], received=b_spec["received"],
            quarters={q: {"target_pct": TARGET_PCT[q], "planned": quarter_amount}
                      for q in fiscal.QUARTERS}), b_spec))
    for quarter in _begun(year, today):
        ended = fiscal.quarter_end(year, quarter) < today
        day = _quarter_day(year, quarter, today, RESULTS_AFTER_DAYS)
        with story_time(_at(day, 10)):
            for indicator, results in indicators:
                if quarter in results:
                    value, note, *breakdown = results[quarter]
                    _record(actor=staff, indicator=indicator, quarter=quarter,
                            entry=(value, note, breakdown[0] if breakdown else None))
            for budget_plan, b_spec in budgets:
                domain.record_disbursement(actor=staff, budget_plan=budget_plan, quarter=quarter,
                                           disbursed=b_spec["disbursed"][quarter])
            report = domain.open_report(plan=plan, quarter=quarter)
            for programme, p_spec in programmes:
                if p_spec["problems"]:
                    domain.save_obstacles(actor=staff, report=report, programme=programme,
                                          problems=p_spec["problems"], fixes=p_spec["fixes"])
        if ended:
            with story_time(_at(day, 15)):
                report = domain.submit_report(actor=staff, report=report)
            with story_time(_at(min(day + datetime.timedelta(days=REVIEW_AFTER_DAYS), today), 11)):
                domain.accept_report(actor=staff, report=report)
    return plan


def _rollup(*, staff, projects: dict[str, FundedProject], today: datetime.date) -> None:
    """The disability education fund's follow-up plan for the current year, whose indicator
    sums the funded projects' trainees — when every project has a plan for that year."""
    year = fiscal.fiscal_year(today)
    plans = [p.plans.filter(fiscal_year=year).first() for p in projects.values()]
    if not plans or None in plans:
        return
    fund = Fund.objects.get(code=DEF_FUND)
    name = DEF_PLAN_NAME.format(fy=year)
    if MonitoringPlan.objects.filter(fund=fund, fiscal_year=year, name=name).exists():
        return
    plan = domain.create_plan(actor=staff, fund=fund, fiscal_year=year, name=name,
                              responsible_unit=DEF_OFFICE)
    programme = domain.add_programme(actor=staff, plan=plan,
                                     name="แผนงานติดตามและประเมินผลโครงการที่ได้รับการสนับสนุน")
    unit = "กลุ่มติดตามและประเมินผล"
    activity = domain.add_activity(actor=staff, programme=programme,
                                   name="ติดตามผลการดำเนินงานของโครงการที่ได้รับทุนรายไตรมาส",
                                   responsible_unit=unit)
    trainees = [p.indicators.order_by("order").first() for p in plans]
    quarter_plans = {}
    for quarter in fiscal.QUARTERS:
        planned = [t.planned for i in trainees for t in i.quarter_targets.filter(quarter=quarter)
                   if t.planned is not None]
        quarter_plans[quarter] = sum(planned, Decimal(0)) if planned else None
    target = sum((i.annual_target or Decimal(0) for i in trainees), Decimal(0))
    domain.save_indicator(
        actor=staff, plan=plan, programme=programme, activity=activity,
        name="ครูและบุคลากรที่ผ่านการอบรมจากโครงการที่ได้รับทุน (รวมทุกโครงการ)", unit="คน",
        kind=IndicatorKind.COUNT, annual_target=target, responsible_unit=unit,
        quarter_plans=quarter_plans, rollup=RollUp.SUM, rolls_up=trainees)


def load_monitoring(*, users: dict, today: datetime.date, result=None) -> None:
    """The demo's monitoring; called by the loader after the review (which made the funded
    projects). Mail the domain sends (reports submitted, accepted, returned) goes after commit
    to the demo mailbox. What it made is added to ``result.created`` (the loader's summary)."""
    before = {"monitoring plans": MonitoringPlan.objects.count(),
              "quarterly reports": QuarterlyReport.objects.count()}
    projects = _projects(users=users, today=today)
    _se_plan(staff=users["staff"], today=today)
    _rollup(staff=users["staff"], projects=projects, today=today)
    if result is not None:
        after = {"monitoring plans": MonitoringPlan.objects.count(),
                 "quarterly reports": QuarterlyReport.objects.count()}
        for what, count in after.items():
            if count > before[what]:
                result.created[what] = result.created.get(what, 0) + count - before[what]
