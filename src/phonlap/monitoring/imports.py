"""Importing a plan's indicators and quarterly targets from the exported workbook's layout
(sheet 1 of ``exports``: the Budget Bureau performance form). Row 13.4.

The header row is found by its headings (แผนงาน, เป้าหมาย/ตัวชี้วัด, หน่วยนับ, แผน/ผล, รวมทั้งสิ้น,
ไตรมาส 1 … 4; optional โครงการ/กิจกรรม, ผู้รับผิดชอบ, ประเภท, ค่าฐาน; English headings are accepted
too). Each indicator is read from its plan row (แผน): programme, activity, indicator, unit, the
annual target (รวมทั้งสิ้น) and each quarter's plan ("N/A", "-", ไม่กำหนด or empty = N/A), responsible unit,
kind (absent → count per period) and baseline. Result rows (ผล) are not imported, but each must
refer to an indicator: the plan row above it, or one the plan already has.

:func:`import_plan` checks every row before anything is written and then writes in one
transaction through the domain functions (``add_programme``, ``add_activity``,
``save_indicator``); any bad row, found by either check, leaves the plan as it was, and every
bad row is reported with its row number. An indicator already in the plan (same programme,
activity and name) gets the row's target and quarterly plans; one that is not is added.

Files are refused before they are parsed when they are not an .xlsx workbook (by name and
content), too large (:data:`MAX_IMPORT_BYTES`), expand to too much (:data:`MAX_UNCOMPRESSED_BYTES`,
a zip bomb) or have too many rows (:data:`MAX_IMPORT_ROWS`).
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from phonlap.core import audit, fiscal
from phonlap.core.exceptions import DomainError, PermissionDenied, ValidationFailed

from . import domain, exports, rules
from .enums import IndicatorKind, RollUp
from .models import Indicator, MonitoringPlan

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_IMPORT_ROWS = 2000  # rows below the headings (plan and result rows together)
MAX_COLUMNS = 40
HEADER_SEARCH_ROWS = 30
BLANK_TAIL_ROWS = 5000
# The words a Thai form uses for a quarter that is not measured (ไม่กำหนด "not set", ไม่ระบุ
# "not specified"), compared without spaces.
NA_WORDS = {"", "n/a", "na", "-", "–", "—", "ไม่มี", "ไม่กำหนด", "ไม่ระบุ"}
PLAN_WORDS = {exports.PLAN_WORD, "plan"}
RESULT_WORDS = {exports.RESULT_WORD, "result"}
NAME_LIMIT, UNIT_LIMIT, RESPONSIBLE_LIMIT = 500, 50, 300

# Column keys → headings that name them (compared without spaces, case-folded).
HEADINGS = {
    "programme": (exports.H_PROGRAMME, "programme", "program"),
    "activity": (exports.H_ACTIVITY, "โครงการ-กิจกรรม", "โครงการ", "กิจกรรม", "project/activity",
                 "projectoractivity", "activity"),
    "indicator": (exports.H_INDICATOR, "เป้าหมาย-ตัวชี้วัด", "ตัวชี้วัด", "indicator",
                  "target/indicator"),
    "unit": (exports.H_UNIT, "หน่วย", "unit"),
    "plan_result": (exports.H_PLAN_RESULT, "แผน-ผล", "แผนและผล", "plan/result", "planandresult"),
    "total": (exports.H_TOTAL, "total", "annualtarget"),
    "responsible": (exports.H_RESPONSIBLE, "responsibleunit", "responsible"),
    "kind": (exports.H_KIND, "kind", "type"),
    "baseline": (exports.H_BASELINE, "baseline"),
}
REQUIRED = ("programme", "indicator", "unit", "plan_result", "total")
QUARTER_HEADING = re.compile(r"^(?:ไตรมาส(?:ที่)?|quarter|q)([1-4])(?:\D|$)")


def _key(text) -> str:
    return re.sub(r"\s+", "", str(text or "")).casefold()


def _words(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip()


_HEADING_KEYS = {_key(alias): name for name, aliases in HEADINGS.items() for alias in aliases}


def _kind_words() -> dict[str, str]:
    words = {}
    for kind in IndicatorKind:
        words[_key(kind.value)] = kind.value
        words[_key(exports.KIND_TH[kind])] = kind.value
        words[_key(str(kind.label))] = kind.value
    return words


@dataclass
class ImportOutcome:
    """What an import did: ``errors`` (row by row; nothing was saved when there are any), or
    how many indicators were ``created`` and ``updated``."""

    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class PlanRow:
    number: int
    programme: str
    activity: str
    name: str
    unit: str
    kind: str | None
    target: Decimal | None
    plans: dict[int, Decimal | None]
    responsible: str | None
    baseline: Decimal | None
    has_baseline: bool

    @property
    def key(self) -> tuple[str, str, str]:
        return (_key(self.programme), _key(self.activity), _key(self.name))


class FileRefused(Exception):
    """The file as a whole cannot be imported (message in ``args[0]``)."""


def _row_error(number: int, message: str) -> str:
    return _("Row %(row)s: %(message)s") % {"row": number, "message": message}


# --- the file --------------------------------------------------------------------------------

def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    return size


def _check_file(upload) -> None:
    if upload is None:
        raise FileRefused(_("Choose an Excel workbook (.xlsx) to import."))
    size = _size(upload)
    if size > MAX_IMPORT_BYTES:
        raise FileRefused(_("The file is too large: the limit is %(mb)s MB.")
                          % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)})
    if size == 0:
        raise FileRefused(_("The file is empty."))
    name = getattr(upload, "name", "") or ""
    not_xlsx = _("This is not an Excel workbook (.xlsx). Save the sheet as an Excel workbook "
                 "(.xlsx) and try again.")
    if os.path.splitext(name)[1].lower() != ".xlsx":
        raise FileRefused(not_xlsx)
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        raise FileRefused(not_xlsx)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(_("The workbook could not be read: the file may be damaged. Save it "
                            "again as .xlsx and try again.")) from None
    finally:
        upload.seek(0)
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise FileRefused(not_xlsx)
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise FileRefused(_("The workbook is too large to import: split it into smaller "
                            "workbooks."))


def _sheet_rows(upload) -> list[tuple[int, tuple]]:
    """(row number, values) of the performance sheet (the first sheet if none has its name),
    at most the heading rows and MAX_IMPORT_ROWS more."""
    from openpyxl import load_workbook

    damaged = _("The workbook could not be read: the file may be damaged. Save it again as "
                ".xlsx and try again.")
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key, value errors) on a bad file
        raise FileRefused(damaged) from None
    try:
        names = workbook.sheetnames
        if not names:
            raise FileRefused(damaged)
        sheet = workbook[exports.PERFORMANCE_SHEET if exports.PERFORMANCE_SHEET in names
                         else names[0]]
        rows = []
        limit = HEADER_SEARCH_ROWS + MAX_IMPORT_ROWS
        try:
            for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS,
                                                            values_only=True), start=1):
                if number > limit:
                    # Rows past the limit may only be blank (formatted but empty cells), and
                    # not endlessly so.
                    if number > limit + BLANK_TAIL_ROWS or any(v not in (None, "")
                                                               for v in values):
                        raise FileRefused(
                            _("The sheet has too many rows: at most %(limit)s rows can be "
                              "imported at once.") % {"limit": MAX_IMPORT_ROWS})
                    continue
                rows.append((number, tuple(values)))
        except FileRefused:
            raise
        except Exception:
            raise FileRefused(damaged) from None
    finally:
        workbook.close()
    return rows


def _columns(rows) -> tuple[int, dict[str, int]]:
    """The heading row's index in ``rows`` and {column key: 0-based index}."""
    for index, (_number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, value in enumerate(values):
            key = _key(value)
            if not key:
                continue
            name = _HEADING_KEYS.get(key)
            match = QUARTER_HEADING.match(key)
            if match:
                name = f"q{match.group(1)}"
            if name and name not in columns:
                columns[name] = col
        if "programme" in columns and "indicator" in columns:
            missing = [name for name in (*REQUIRED, "q1", "q2", "q3", "q4") if name not in columns]
            if missing:
                raise FileRefused(_("The heading row lacks these columns: %(columns)s.")
                                  % {"columns": ", ".join(_heading(m) for m in missing)})
            return index, columns
    raise FileRefused(
        _("The heading row was not found: the sheet needs the columns %(columns)s, as in the "
          "exported workbook.")
        % {"columns": ", ".join(_heading(m) for m in (*REQUIRED, "q1", "q2", "q3", "q4"))})


def _heading(name: str) -> str:
    if name.startswith("q"):
        return f"“{exports.quarter_heading(int(name[1]))}”"
    return f"“{HEADINGS[name][0]}”"


# --- rows --------------------------------------------------------------------------------------

def _cell(values: tuple, columns: dict[str, int], name: str):
    col = columns.get(name)
    if col is None or col >= len(values):
        return None
    value = values[col]
    return value.strip() if isinstance(value, str) else value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _words(value)


def _number(value, *, column: str, maximum: Decimal, errors: list[str]) -> Decimal | None:
    try:
        return domain.parse_decimal(value, field=column, maximum=maximum)
    except ValidationFailed as exc:
        errors.append(_("“%(column)s”: %(message)s") % {"column": column,
                                                       "message": exc.message})
        return None


def _parse_plan_row(number: int, values: tuple, columns: dict[str, int],
                    errors: list[str]) -> PlanRow | None:
    problems: list[str] = []
    texts = {name: _text(_cell(values, columns, name))
             for name in ("programme", "activity", "indicator", "unit", "responsible", "kind")}
    for name in ("programme", "indicator", "unit"):
        if not texts[name]:
            problems.append(_("“%(column)s” is empty.") % {"column": HEADINGS[name][0]})
    for name, limit in (("programme", NAME_LIMIT), ("activity", NAME_LIMIT),
                        ("indicator", NAME_LIMIT), ("unit", UNIT_LIMIT),
                        ("responsible", RESPONSIBLE_LIMIT)):
        if len(texts[name]) > limit:
            problems.append(_("“%(column)s” is too long (at most %(limit)s characters).")
                            % {"column": HEADINGS[name][0], "limit": limit})
    kind = None
    if texts["kind"]:
        kind = _kind_words().get(_key(texts["kind"]))
        if kind is None:
            problems.append(_("unknown kind “%(value)s”: write one of %(choices)s.") % {
                "value": texts["kind"][:50],
                "choices": ", ".join(exports.KIND_TH[k] for k in IndicatorKind)})
    maximum = domain.MAX_AMOUNT
    if kind == IndicatorKind.PERCENTAGE:
        maximum = Decimal(100)
    elif kind == IndicatorKind.LEVEL:
        maximum = Decimal(domain.MAX_LEVEL)
    target = _number(_cell(values, columns, "total"), column=exports.H_TOTAL, maximum=maximum,
                     errors=problems)
    plans: dict[int, Decimal | None] = {}
    for quarter in fiscal.QUARTERS:
        raw = _cell(values, columns, f"q{quarter}")
        if raw is None or (isinstance(raw, str) and _key(raw) in NA_WORDS):
            plans[quarter] = None
            continue
        if isinstance(raw, str):
            try:
                plans[quarter] = domain.parse_decimal(raw, field="plan", maximum=maximum)
            except ValidationFailed:
                problems.append(
                    _("the plan for quarter %(quarter)s (“%(value)s”) is not a number: write a "
                      "number, or N/A when the quarter is not measured.")
                    % {"quarter": quarter, "value": raw[:50]})
            continue
        plans[quarter] = _number(raw, column=exports.quarter_heading(quarter), maximum=maximum,
                                 errors=problems)
    has_baseline = "baseline" in columns
    baseline = _number(_cell(values, columns, "baseline"), column=exports.H_BASELINE,
                       maximum=domain.MAX_AMOUNT, errors=problems) if has_baseline else None
    if problems:
        errors.extend(_row_error(number, problem) for problem in problems)
        return None
    return PlanRow(number=number, programme=texts["programme"], activity=texts["activity"],
                   name=texts["indicator"], unit=texts["unit"], kind=kind, target=target,
                   plans=plans,
                   responsible=texts["responsible"] if "responsible" in columns else None,
                   baseline=baseline, has_baseline=has_baseline)


def parse_rows(upload, existing: set[tuple[str, str, str]]) -> tuple[list[PlanRow], list[str]]:
    """The workbook's plan rows and the row errors (``existing``: keys of the plan's
    indicators, which result rows may name). Raises :class:`FileRefused`."""
    _check_file(upload)
    rows = _sheet_rows(upload)
    header, columns = _columns(rows)
    plan_rows: list[PlanRow] = []
    errors: list[str] = []
    seen: dict[tuple, int] = {}  # plan rows' keys (good or bad) → row number
    identity = ("programme", "activity", "indicator", "unit")
    plan_words = {_key(w) for w in PLAN_WORDS}
    counted = 0
    result_words = {_key(w) for w in RESULT_WORDS}
    for number, values in rows[header + 1:]:
        word = _key(_cell(values, columns, "plan_result"))
        names = {name: _text(_cell(values, columns, name)) for name in identity}
        if not word and not any(names.values()):
            continue  # blank, or the sub-heading row (ค่า / สถานะ)
        counted += 1
        if counted > MAX_IMPORT_ROWS:
            raise FileRefused(_("The sheet has too many rows: at most %(limit)s rows can be "
                                "imported at once.") % {"limit": MAX_IMPORT_ROWS})
        key = (_key(names["programme"]), _key(names["activity"]), _key(names["indicator"]))
        if word in result_words:
            if not names["indicator"]:
                if not seen:
                    errors.append(_row_error(number, _(
                        "a result row needs its indicator's plan row above it.")))
            elif key not in seen and key not in existing:
                errors.append(_row_error(number, _(
                    "unknown indicator “%(name)s” (programme “%(programme)s”): a result row "
                    "must follow its plan row or name an indicator of the plan.") % {
                    "name": names["indicator"][:100], "programme": names["programme"][:100]}))
            continue
        if word and word not in plan_words:
            errors.append(_row_error(number, _(
                "write “%(plan)s” or “%(result)s” in the column “%(column)s”, not “%(value)s”.")
                % {"plan": exports.PLAN_WORD, "result": exports.RESULT_WORD,
                   "column": exports.H_PLAN_RESULT,
                   "value": _text(_cell(values, columns, "plan_result"))[:50]}))
            continue
        if key in seen and names["indicator"]:
            errors.append(_row_error(number, _(
                "the indicator “%(name)s” is already in row %(first)s (same programme and "
                "activity).") % {"name": names["indicator"][:100], "first": seen[key]}))
            continue
        seen.setdefault(key, number)
        row = _parse_plan_row(number, values, columns, errors)
        if row is not None:
            plan_rows.append(row)
    if not plan_rows and not errors:
        errors.append(_("The sheet has no indicator rows (rows marked “%(plan)s”).")
                      % {"plan": exports.PLAN_WORD})
    return plan_rows, errors


# --- writing -----------------------------------------------------------------------------------

def _indicator_key(indicator: Indicator) -> tuple[str, str, str]:
    return (_key(indicator.programme.name),
            _key(indicator.activity.name if indicator.activity_id else ""), _key(indicator.name))


def import_plan(*, actor, plan: MonitoringPlan, workbook_file,
                ip: str | None = None) -> ImportOutcome:
    """Add or update ``plan``'s indicators and quarterly plans from the workbook. Every row is
    checked first; when any is bad (or the domain refuses one) nothing is saved and the
    outcome lists every bad row."""
    if not rules.can_manage_plan(actor, plan):
        raise PermissionDenied()
    indicators = {_indicator_key(i): i for i in
                  plan.indicators.select_related("programme", "activity")
                  .prefetch_related("quarter_targets")}
    try:
        rows, errors = parse_rows(workbook_file, set(indicators))
    except FileRefused as exc:
        return ImportOutcome(errors=[str(exc.args[0])])
    if errors:
        return ImportOutcome(errors=errors)
    outcome = ImportOutcome()
    with transaction.atomic():
        programmes = {}
        for programme in plan.programmes.order_by("order", "pk"):
            programmes.setdefault(_key(programme.name), programme)
        activities = {}
        for programme in programmes.values():
            for activity in programme.activities.order_by("order", "pk"):
                activities.setdefault((programme.pk, _key(activity.name)), activity)
        for row in rows:
            try:
                _save_row(actor=actor, plan=plan, row=row, programmes=programmes,
                          activities=activities, indicators=indicators, outcome=outcome, ip=ip)
            except PermissionDenied:
                raise
            except DomainError as exc:
                outcome.errors.append(_row_error(row.number, str(exc.message)))
        if outcome.errors:
            transaction.set_rollback(True)
            return ImportOutcome(errors=outcome.errors)
        audit.state_change(actor=actor, action="monitoring_plan.import", obj=plan, ip=ip,
                           created=outcome.created, updated=outcome.updated)
    return outcome


def _save_row(*, actor, plan, row: PlanRow, programmes, activities, indicators, outcome,
              ip) -> None:
    programme = programmes.get(_key(row.programme))
    if programme is None:
        programme = domain.add_programme(actor=actor, plan=plan, name=row.programme, ip=ip)
        programmes[_key(row.programme)] = programme
    activity = None
    if row.activity:
        activity = activities.get((programme.pk, _key(row.activity)))
        if activity is None:
            activity = domain.add_activity(actor=actor, programme=programme, name=row.activity,
                                           responsible_unit=row.responsible or "", ip=ip)
            activities[(programme.pk, _key(row.activity))] = activity
    existing = indicators.get(row.key)
    kind = row.kind or (existing.kind if existing else IndicatorKind.COUNT)
    if existing is not None:
        baseline = row.baseline if row.has_baseline else existing.baseline
        responsible = existing.responsible_unit if row.responsible is None else row.responsible
    else:
        baseline, responsible = row.baseline, row.responsible or ""
    indicator = domain.save_indicator(
        actor=actor, plan=plan, indicator=existing, programme=programme, activity=activity,
        name=row.name, unit=row.unit, kind=kind, annual_target=row.target, baseline=baseline,
        lower_is_better=existing.lower_is_better if existing else False,
        level_definitions=existing.level_definitions if existing else None,
        responsible_unit=responsible, quarter_plans=row.plans,
        rollup=existing.rollup if existing else RollUp.NONE, rolls_up=None, ip=ip)
    indicators[row.key] = indicator
    if existing is None:
        outcome.created += 1
    else:
        outcome.updated += 1
