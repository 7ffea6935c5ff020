"""The rubrics shipped with Phonlap, as plain data (pure: no Django).

The format is described in ``phonlap.review.scoring``; a fund's rubric is stored as this dict
(JSON) and versioned, so editing a rubric means saving a new version. ``SHIPPED`` maps each code
to its definition.

Sources: the fund system manual §2.12 (rubric A, the screening form) and the Social Enterprise
Promotion Fund's assistance criteria of 18 June 2567 (rubric B). Where a source gives no rule,
the item carries ``"assumption": True`` and the rubric's notes say so.
"""

from __future__ import annotations

from typing import Any

GRADE_BANDS: list[dict[str, str]] = [
    {"code": "very_good", "min": "80", "label_th": "ดีมาก", "label_en": "Very good"},
    {"code": "good", "min": "60", "label_th": "ดี", "label_en": "Good"},
    {"code": "fair", "min": "40", "label_th": "ปานกลาง", "label_en": "Fair"},
    {"code": "sufficient", "min": "20", "label_th": "พอใช้", "label_en": "Sufficient"},
    {"code": "needs_improvement", "min": "0", "label_th": "ควรปรับปรุง", "label_en": "Needs improvement"},
]

# Rubric A: count of the 4 indications present -> points, by the item's maximum. Max 5 is the
# rule the manual prints for item 1; 10 and 15 scale it (an assumption the fund can edit).
SCALED_POINTS: dict[int, dict[str, str]] = {
    5: {"0": "0", "1": "0", "2": "1", "3": "3", "4": "5"},
    10: {"0": "0", "1": "0", "2": "2", "3": "6", "4": "10"},
    15: {"0": "0", "1": "0", "2": "3", "3": "9", "4": "15"},
}

_A_MAIN_TH = "มีข้อบ่งชี้เป็นไปตามข้อกำหนดวิธีปฏิบัติเกี่ยวกับการพิจารณากลั่นกรองฯ"
_A_MAIN_EN = "Has the indications set by the screening procedure"


def _indications(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [
        {"id": str(number), "label_th": th, "label_en": en} for number, (th, en) in enumerate(pairs, start=1)
    ]


def _a_item(
    item_id: str, maximum: int, label_th: str, label_en: str, indications: list[tuple[str, str]],
    *, assumption: bool = True,
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": item_id,
        "kind": "indicator_count",
        "label_th": label_th,
        "label_en": label_en,
        "max": str(maximum),
        "main_label_th": _A_MAIN_TH,
        "main_label_en": _A_MAIN_EN,
        "indicators": _indications(indications),
        "points": dict(SCALED_POINTS[maximum]),
    }
    if assumption:
        item["assumption"] = True
        item["help_th"] = (
            "สูตรคะแนนของข้อนี้เป็นค่าตั้งต้นของระบบ (ปรับสัดส่วนจากข้อ 1) กองทุนแก้ไขได้: "
            "จำนวนข้อบ่งชี้ที่มี 0–1 / 2 / 3 / 4 ข้อ"
        )
        item["help_en"] = (
            "This item's formula is the system's default (item 1's scaled); the fund can edit it: "
            "0–1 / 2 / 3 / 4 indications present."
        )
    else:
        item["help_th"] = (
            "หากไม่มีข้อบ่งชี้ได้ 0 คะแนน หากมีข้อบ่งชี้ 1 ข้อได้ 0 คะแนน 2 ข้อได้ 1 คะแนน "
            "3 ข้อได้ 3 คะแนน และครบทั้ง 4 ข้อได้ 5 คะแนน"
        )
        item["help_en"] = (
            "Has not: 0 points. Has: 1 indication 0 points, 2 → 1, 3 → 3, all 4 → 5 points."
        )
    return item


RUBRIC_A: dict[str, Any] = {
    "code": "def-committee",
    "version": 1,
    "name_th": "แบบกลั่นกรองโครงการ (คณะทำงานและคณะอนุกรรมการ)",
    "name_en": "Project screening form (working group and subcommittee)",
    "form_title_th": "แบบกลั่นกรองโครงการ",
    "form_title_en": "Project screening form",
    "notes_th": (
        "ข้อ 1 ใช้เกณฑ์ตามคู่มือ: ไม่มีข้อบ่งชี้ได้ 0 คะแนน มีข้อบ่งชี้ 1 ข้อ 0 คะแนน 2 ข้อ 1 คะแนน "
        "3 ข้อ 3 คะแนน 4 ข้อ 5 คะแนน. ข้อ 2–11 คู่มือระบุเพียงว่าเป็นไปตามสูตรคำนวณของกองทุน "
        "ระบบจึงตั้งต้นให้มีข้อบ่งชี้ 4 ข้อต่อข้อ และปรับสัดส่วนคะแนนตามคะแนนเต็ม "
        "(เต็ม 5: 0/1/3/5, เต็ม 10: 0/2/6/10, เต็ม 15: 0/3/9/15 สำหรับ 1 หรือน้อยกว่า/2/3/4 ข้อ) "
        "ซึ่งเป็นสมมติฐานที่กองทุนแก้ไขได้ รวมทั้งถ้อยคำของข้อบ่งชี้. "
        "ผลการประเมิน: ดีมาก 80–100, ดี 60–79, ปานกลาง 40–59, พอใช้ 20–39, ควรปรับปรุง น้อยกว่า 20. "
        "ผ่านเมื่อคะแนนรวมตั้งแต่ 80 คะแนนขึ้นไป"
    ),
    "notes_en": (
        "Item 1 follows the manual: has not 0; has 1 indication 0, 2 → 1, 3 → 3, 4 → 5. For items "
        "2–11 the manual only says they follow the fund's formula, so the system ships 4 indications "
        "per item with item 1's rule scaled to the item's maximum (max 5: 0/1/3/5, max 10: 0/2/6/10, "
        "max 15: 0/3/9/15 for 1 or fewer/2/3/4) — an assumption the fund can edit, as is the wording "
        "of the indications. Grades: very good 80–100, good 60–79, fair 40–59, sufficient 20–39, "
        "needs improvement below 20. Pass: a total of 80 or more."
    ),
    "items": [
        _a_item("1", 5, "ชื่อแผนงานหรือโครงการ", "Plan or project name", [
            ("ชื่อกระชับ ชัดเจน เข้าใจง่าย", "Concise, clear and easy to understand"),
            ("สื่อถึงกิจกรรมหลักที่จะดำเนินการ", "Conveys the main activity to be carried out"),
            ("ระบุกลุ่มเป้าหมายหรือผู้ได้รับประโยชน์", "Names the target group or beneficiaries"),
            ("สอดคล้องกับวัตถุประสงค์และพันธกิจของกองทุน",
             "Consistent with the objectives and the fund's mission"),
        ], assumption=False),
        _a_item("2", 5, "หน่วยงานที่ขอรับการสนับสนุนจากกองทุน", "Unit requesting support from the fund", [
            ("ระบุชื่อ ที่อยู่ และสถานะทางกฎหมายของหน่วยงานชัดเจน",
             "States the unit's name, address and legal status clearly"),
            ("มีประสบการณ์หรือผลงานด้านคนพิการหรือการศึกษา",
             "Has experience or a track record in disability or education work"),
            ("มีบุคลากรและผู้รับผิดชอบโครงการเพียงพอ",
             "Has enough staff and a named person responsible for the project"),
            ("มีภาคีเครือข่ายหรือหน่วยงานร่วมดำเนินงาน", "Has partners or a network sharing the work"),
        ]),
        _a_item("3", 15, "หลักการและเหตุผล", "Rationale", [
            ("ระบุสภาพปัญหาหรือความจำเป็นพร้อมข้อมูลหลักฐานอ้างอิง",
             "States the problem or need with supporting evidence"),
            ("เชื่อมโยงกับความต้องการของกลุ่มเป้าหมาย", "Links the problem to the target group's needs"),
            ("สอดคล้องกับพันธกิจและยุทธศาสตร์ของกองทุน", "Consistent with the fund's mission and strategy"),
            ("อธิบายได้ว่าโครงการจะแก้ไขปัญหาได้อย่างไร", "Explains how the project will address the problem"),
        ]),
        _a_item("4", 15, "วัตถุประสงค์ของโครงการ", "Project objectives", [
            ("ชัดเจนและเฉพาะเจาะจง", "Clear and specific"),
            ("วัดผลได้", "Measurable"),
            ("สอดคล้องกับหลักการและเหตุผล", "Consistent with the rationale"),
            ("บรรลุได้ภายในระยะเวลาและงบประมาณของโครงการ",
             "Achievable within the project's time and budget"),
        ]),
        _a_item("5", 5, "การกำหนดกลุ่มเป้าหมายที่เข้าร่วมโครงการ", "Target group taking part in the project", [
            ("ระบุประเภทความพิการหรือคุณลักษณะของกลุ่มเป้าหมายชัดเจน",
             "States the type of disability or the target group's characteristics clearly"),
            ("ระบุจำนวนกลุ่มเป้าหมาย", "States how many people will take part"),
            ("มีเกณฑ์และวิธีการคัดเลือกกลุ่มเป้าหมาย", "Has criteria and a method for selecting them"),
            ("สอดคล้องกับวัตถุประสงค์ของโครงการ", "Consistent with the project's objectives"),
        ]),
        _a_item("6", 5, "การกำหนดสถานที่ดำเนินงานโครงการ", "Project location", [
            ("ระบุสถานที่ดำเนินงานชัดเจน", "States the location clearly"),
            ("เหมาะสมกับการดำเนินกิจกรรม", "Suits the activities"),
            ("กลุ่มเป้าหมายเข้าถึงได้สะดวก มีสิ่งอำนวยความสะดวกสำหรับคนพิการ",
             "Easy for the target group to reach, with facilities for persons with disabilities"),
            ("ประหยัดและคุ้มค่า", "Economical and good value"),
        ]),
        _a_item("7", 5, "ระยะเวลาในการดำเนินโครงการ", "Project duration", [
            ("ระบุวันเริ่มต้นและวันสิ้นสุดโครงการ", "States the start and end dates"),
            ("มีแผนการดำเนินงานรายกิจกรรม", "Has a schedule for each activity"),
            ("ระยะเวลาเหมาะสมกับกิจกรรม", "The duration suits the activities"),
            ("อยู่ภายในปีงบประมาณ หรือแสดงภาพรวมหากเกินหนึ่งปี",
             "Within the fiscal year, or with an overview if longer than one year"),
        ]),
        _a_item("8", 5, "วิธีการดำเนินงาน", "Method", [
            ("มีขั้นตอนการดำเนินงานชัดเจน", "Has clear steps"),
            ("กิจกรรมสอดคล้องกับวัตถุประสงค์", "Activities consistent with the objectives"),
            ("ระบุผู้รับผิดชอบแต่ละกิจกรรม", "Names who is responsible for each activity"),
            ("มีการติดตามและประเมินผล", "Includes monitoring and evaluation"),
        ]),
        _a_item("9", 10, "ค่าใช้จ่ายที่ขอรับการสนับสนุน", "Expenses requested", [
            ("แจกแจงรายการค่าใช้จ่ายชัดเจน", "Expenses itemised clearly"),
            ("สอดคล้องกับกิจกรรมของโครงการ", "Consistent with the project's activities"),
            ("อัตราค่าใช้จ่ายเหมาะสมตามหลักเกณฑ์ของกองทุน", "Rates reasonable and within the fund's rules"),
            ("ประหยัดและคุ้มค่า", "Economical and good value for money"),
        ]),
        _a_item("10", 15, "ผลที่คาดว่าจะได้รับ", "Expected results", [
            ("ระบุผลเชิงปริมาณ", "States quantitative results"),
            ("ระบุผลเชิงคุณภาพ", "States qualitative results"),
            ("ระบุผู้ได้รับประโยชน์", "Identifies who benefits"),
            ("ผลมีความยั่งยืนหลังสิ้นสุดโครงการ", "Results last beyond the project"),
        ]),
        _a_item("11", 15, "เป้าหมายและตัวชี้วัดของโครงการ", "Project goals and indicators", [
            ("มีเป้าหมายเชิงปริมาณ", "Has quantitative targets"),
            ("มีตัวชี้วัดเชิงคุณภาพ", "Has qualitative indicators"),
            ("สอดคล้องกับวัตถุประสงค์ของโครงการ", "Consistent with the project's objectives"),
            ("ระบุวิธีการและเครื่องมือวัดผล", "States how and with what they will be measured"),
        ]),
        {
            "id": "12",
            "kind": "summary",
            "label_th": "ความคิดเห็นเบื้องต้นต่อโครงการของผู้ประเมิน",
            "label_en": "Assessor's preliminary opinion of the project",
            "help_th": "คะแนนรวมข้อ 1–11 (คะแนนเต็ม 100 คะแนน) และผลการประเมิน ระบบคำนวณให้",
            "help_en": "The total of items 1–11 (out of 100) and its grade, computed by the system.",
        },
        {
            "id": "13",
            "kind": "text",
            "label_th": "คำแนะนำของเจ้าหน้าที่กลั่นกรองโครงการ",
            "label_en": "Screening officer's recommendations",
        },
    ],
    "grades": [dict(band) for band in GRADE_BANDS],
    "grade_basis": "total",
    "pass_rule": {"all": [{"total_at_least": "80"}]},
}


def _checks(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return _indications(pairs)


def _two(first: tuple[str, str], second: tuple[str, str]) -> list[dict[str, str]]:
    return _indications([first, second])


_TWO_RULE_TH = (
    "กรณีมีข้อบ่งชี้ (๑) และ (๒) ครบทั้งสองข้อให้คะแนน ๑๐ คะแนน หรือกรณีขาดข้อบ่งชี้ข้อใดข้อหนึ่ง"
    "ให้คะแนน ๕ คะแนน หรือกรณีขาดข้อบ่งชี้ทั้งสองข้อไม่ให้คะแนน"
)
_TWO_RULE_EN = "Both indications: 10 points; one missing: 5 points; neither: 0."
_TWO_POINTS = {"0": "0", "1": "5", "2": "10"}

RUBRIC_B: dict[str, Any] = {
    "code": "se-criteria",
    "version": 1,
    "name_th": (
        "เกณฑ์ชี้วัดการพิจารณาการให้ความช่วยเหลือส่วนราชการ รัฐวิสาหกิจ หน่วยงานของรัฐ หรือองค์กรเอกชน "
        "เพื่อดำเนินงานตามแผนปฏิบัติการส่งเสริมวิสาหกิจเพื่อสังคม"
    ),
    "name_en": (
        "Criteria for assisting government agencies, state enterprises, state bodies or private "
        "organisations to carry out the social enterprise promotion action plan"
    ),
    "form_title_th": "เกณฑ์ชี้วัดการพิจารณาการให้ความช่วยเหลือ",
    "form_title_en": "Assistance assessment criteria",
    "notes_th": (
        "แนบท้ายประกาศคณะกรรมการบริหารกองทุนส่งเสริมวิสาหกิจเพื่อสังคม ลงวันที่ 18 มิถุนายน 2567. "
        "ต้องผ่านเกณฑ์หมวดที่ ๑ ทุกข้อ และหมวดที่ ๒ ผ่านเกณฑ์ร้อยละ ๖๐ ขึ้นไป "
        "(คะแนนเต็ม 100 สำหรับองค์กรเอกชน และ 90 สำหรับส่วนราชการ รัฐวิสาหกิจ หรือหน่วยงานของรัฐ "
        "เพราะข้อ 8–9 ใช้กับองค์กรเอกชนเท่านั้น). ประกาศไม่ได้กำหนดระดับผลการประเมิน "
        "ระบบจึงใช้ห้าระดับเดียวกับแบบกลั่นกรองโครงการบนร้อยละของคะแนน (ดีมาก 80 ขึ้นไป ดี 60 "
        "ปานกลาง 40 พอใช้ 20 ควรปรับปรุง ต่ำกว่า 20) ซึ่งเป็นสมมติฐานที่กองทุนแก้ไขได้"
    ),
    "notes_en": (
        "Annex to the Social Enterprise Promotion Fund board's announcement of 18 June 2567. Every "
        "category 1 gate must pass and category 2 must reach 60 % (maximum 100 for private "
        "organisations, 90 for government agencies, state enterprises and state bodies: items 8–9 "
        "apply to private organisations only). The announcement sets no grades; the system uses the "
        "screening form's five bands on the percentage (very good from 80 %, good 60 %, fair 40 %, "
        "sufficient 20 %, needs improvement below 20 %) — an assumption the fund can edit."
    ),
    "categories": [
        {"code": "general", "label_th": "หมวดที่ ๑ รายการทั่วไป", "label_en": "Category 1 — general"},
        {
            "code": "feasibility",
            "label_th": "หมวดที่ ๒ ความเป็นไปได้ของแผนงานหรือโครงการ",
            "label_en": "Category 2 — feasibility of the plan or project",
        },
    ],
    "items": [
        {
            "id": "1",
            "kind": "gate",
            "category": "general",
            "applies_to": ["government"],
            "label_th": (
                "กรณีผู้ยื่นคำขอสนับสนุนแผนงานหรือโครงการเป็นส่วนราชการ รัฐวิสาหกิจ หรือหน่วยงานของรัฐ"
            ),
            "label_en": (
                "If the applicant is a government agency, state enterprise or state body"
            ),
            "require": "all",
            "checks": _checks([
                ("แผนงานโครงการที่เสนอขอรับการสนับสนุนต้องมีแผนงานหรือโครงการที่สอดคล้องกับ"
                 "แผนปฏิบัติการส่งเสริมวิสาหกิจเพื่อสังคม",
                 "The plan is consistent with the social enterprise promotion action plan"),
                ("แผนงานโครงการที่เสนอขอรับการสนับสนุนต้องเป็นแผนงานหรือโครงการที่ริเริ่มใหม่ "
                 "หรือเป็นแผนงานหรือโครงการที่ไม่สามารถขอรับการสนับสนุนจากงบประมาณปกติได้ "
                 "หรือได้รับงบประมาณสนับสนุนไม่เพียงพอ",
                 "It is a new initiative, or cannot be funded from the regular budget, or that budget "
                 "is insufficient"),
                ("มีหน่วยงานภาครัฐหรือองค์กรเอกชนที่มีความรู้หรือประสบการณ์ด้านวิสาหกิจเพื่อสังคม "
                 "การผลิต การตลาด การบริหารจัดการ ร่วมให้คำปรึกษาในการดำเนินงานตามแผนงานหรือโครงการ",
                 "A public or private body experienced in social enterprise, production, marketing or "
                 "management co-advises the plan"),
            ]),
        },
        {
            "id": "2",
            "kind": "gate",
            "category": "general",
            "applies_to": ["private"],
            "label_th": "กรณีผู้ยื่นคำขอรับการสนับสนุนแผนงานหรือโครงการเป็นองค์กรเอกชน",
            "label_en": "If the applicant is a private organisation",
            "require": "all",
            "checks": _checks([
                ("ต้องเป็นองค์กรที่มีผลการดำเนินงานที่เป็นประโยชน์ต่อวิสาหกิจเพื่อสังคม "
                 "หรือเกิดประโยชน์ต่อสังคมหรือชุมชน",
                 "It has a track record that benefits social enterprises, society or communities"),
                ("มีระบบการบริหารงานและระบบการเงินการบัญชีที่มีประสิทธิภาพ "
                 "โดยพิจารณาจากงบการเงินหรือรายงานทางการเงิน",
                 "It has effective management and accounting systems (judged from financial "
                 "statements or reports)"),
                ("แผนงานหรือโครงการที่ยื่นคำขอรับการสนับสนุนต้องสอดคล้องกับแผนปฏิบัติการส่งเสริม"
                 "วิสาหกิจเพื่อสังคม",
                 "The plan is consistent with the social enterprise promotion action plan"),
                ("เป็นแผนงานหรือโครงการที่ไม่ได้รับการสนับสนุนงบประมาณจากส่วนราชการและแหล่งทุนอื่น ๆ "
                 "หรือได้รับการสนับสนุนแต่ไม่เพียงพอ",
                 "It has no funding from government or other sources, or not enough"),
                ("เป็นแผนงานหรือโครงการที่มีวัตถุประสงค์และกระบวนการในการดำเนินงานที่ชัดเจน "
                 "ตลอดจนมีผลต่อการส่งเสริมและพัฒนาวิสาหกิจเพื่อสังคม หรือสร้างการมีส่วนร่วมขององค์กรธุรกิจ "
                 "หน่วยงานภาครัฐ หรือประชาชนในทุกระดับเพื่อประโยชน์ในการส่งเสริมและพัฒนาวิสาหกิจเพื่อสังคม",
                 "Clear objectives and process, with an effect on promoting social enterprises or on the "
                 "participation of business, government or people at every level"),
            ]),
        },
        {
            "id": "3",
            "kind": "gate",
            "category": "general",
            "label_th": (
                "มีรายละเอียดของแผนงานหรือโครงการที่จะดำเนินการตามแผนปฏิบัติงานส่งเสริมวิสาหกิจเพื่อสังคม"
            ),
            "label_en": "The plan's details follow the social enterprise promotion action plan",
            "require": "all",
            "checks": _checks([
                ("มีรายละเอียดแผนงานหรือโครงการที่สามารถระบุได้ว่า “มีความสอดคล้องยุทธศาสตร์ของ"
                 "แผนปฏิบัติการด้านใดด้านหนึ่งหรือหลายด้าน”",
                 "The details show consistency with one or more strategies of the action plan"),
            ]),
        },
        {
            "id": "4",
            "kind": "gate",
            "category": "general",
            "label_th": (
                "มีรายละเอียดประมาณการรายจ่ายของแผนงานหรือโครงการ และความคุ้มค่าในการดำเนินการ"
                "ตามแผนงานหรือโครงการ"
            ),
            "label_en": "Estimated expenses and value for money of the plan",
            "require": "all",
            "checks": _checks([
                ("มีรายละเอียดประมาณการรายรับรายจ่ายของแผนงานหรือโครงการ",
                 "An estimate of the plan's income and expenses"),
                ("มีรายละเอียดผลการวิเคราะห์ในประเด็นความคุ้มค่าหรือผลตอบแทนที่สังคมจะได้รับ"
                 "จากการดำเนินการตามแผนงานหรือโครงการ",
                 "An analysis of value for money or of the social return the plan will give"),
            ]),
        },
        {
            "id": "5.1",
            "kind": "bounded",
            "category": "feasibility",
            "label_th": (
                "ความเป็นไปได้และความจำเป็นของแผนงานหรือโครงการ (๑): ชื่อแผนงานหรือโครงการ "
                "และวัตถุประสงค์ชัดเจน มีขั้นตอนปฏิบัติที่มีความเป็นไปได้ สามารถวัดผลสำเร็จประเมินผลได้ "
                "มีนวัตกรรมเกิดขึ้น"
            ),
            "label_en": (
                "Feasibility and need (1): the name and objectives are clear, the steps feasible, "
                "success measurable, and there is innovation"
            ),
            "help_th": "กรณีชัดเจนให้คะแนนไม่เกิน ๑๕ คะแนน หรือกรณีไม่ชัดเจนให้คะแนนไม่เกิน ๕ คะแนน",
            "help_en": "Clear: up to 15 points. Not clear: up to 5 points.",
            "max": "15",
            "choices": [
                {"id": "clear", "label_th": "ชัดเจน", "label_en": "Clear", "cap": "15"},
                {"id": "unclear", "label_th": "ไม่ชัดเจน", "label_en": "Not clear", "cap": "5"},
            ],
        },
        {
            "id": "5.2",
            "kind": "bounded",
            "category": "feasibility",
            "label_th": (
                "ความเป็นไปได้และความจำเป็นของแผนงานหรือโครงการ (๒): หลักการและเหตุผลระบุสาระสำคัญ"
                "ของแผนเกี่ยวข้องกับการส่งเสริมการจ้างงานแก่บุคคลผู้สมควรได้รับการส่งเสริมเป็นพิเศษ "
                "การแก้ไขปัญหาหรือพัฒนาชุมชน สังคม หรือสิ่งแวดล้อม หรือเพื่อประโยชน์ส่วนรวมอื่น"
            ),
            "label_en": (
                "Feasibility and need (2): the rationale addresses employment of people needing special "
                "promotion, community, social or environmental problems, or other public benefit"
            ),
            "help_th": (
                "กรณีหลักการและเหตุผลมีข้อบ่งชี้ชัดเจนและครบให้คะแนนไม่เกิน ๕ คะแนน หรือกรณีไม่เกี่ยวข้อง"
                "และสะท้อนสถานการณ์ปัญหาของวิสาหกิจเพื่อสังคมน้อย ไม่ชัดเจนให้คะแนนไม่เกิน ๑ คะแนน"
            ),
            "help_en": "Clear and complete: up to 5 points. Unrelated or unclear: up to 1 point.",
            "max": "5",
            "choices": [
                {"id": "complete", "label_th": "มีข้อบ่งชี้ชัดเจนและครบ", "label_en": "Clear and complete",
                 "cap": "5"},
                {"id": "unclear", "label_th": "ไม่เกี่ยวข้องหรือไม่ชัดเจน", "label_en": "Unrelated or unclear",
                 "cap": "1"},
            ],
        },
        {
            "id": "6",
            "kind": "choice",
            "category": "feasibility",
            "label_th": "ความสอดคล้องกับแผนปฏิบัติการส่งเสริมวิสาหกิจเพื่อสังคม",
            "label_en": "Consistency with the social enterprise promotion action plan",
            "max": "10",
            "options": [
                {"id": "consistent", "points": "10",
                 "label_th": (
                     "มีความสอดคล้องกับแผนปฏิบัติการส่งเสริมวิสาหกิจเพื่อสังคมที่คณะกรรมการส่งเสริม"
                     "วิสาหกิจเพื่อสังคมให้ความเห็นชอบแล้ว ระบุด้านใดด้านหนึ่งหรือหลายด้านได้"
                 ),
                 "label_en": "Consistent with one or more areas of the approved action plan"},
                {"id": "not_consistent", "points": "5",
                 "label_th": "ไม่มีความสอดคล้อง หรือไม่สามารถชี้ชัดได้ว่ามีความสอดคล้อง",
                 "label_en": "Not consistent, or consistency cannot be shown"},
            ],
        },
        {
            "id": "7.1",
            "kind": "indicator_count",
            "category": "feasibility",
            "label_th": (
                "ความเหมาะสมสำหรับสถานที่ตั้งโครงการหรือขอบเขตเชิงพื้นที่ในการดำเนินงานโครงการ"
                "ที่ขอรับการสนับสนุน"
            ),
            "label_en": "Suitability of the project's location or area",
            "main_label_th": "มีการระบุสถานที่ตั้งหรือขอบเขตเชิงพื้นที่ของโครงการ",
            "main_label_en": "The project's location or area is stated",
            "help_th": (
                "กรณีมีข้อบ่งชี้ (๑) (๒) (๓) และ (๔) ครบทั้งสี่ข้อให้คะแนน ๑๐ คะแนน หรือกรณีขาดข้อบ่งชี้"
                "ข้อใดข้อหนึ่งให้คะแนน ๕ คะแนน หรือกรณีขาดข้อบ่งชี้สองข้อให้คะแนน ๑ คะแนน "
                "หรือกรณีมีข้อบ่งชี้เพียงข้อเดียวหรือไม่มีข้อบ่งชี้ตามที่กำหนดไม่ให้คะแนน"
            ),
            "help_en": "All 4 indications: 10 points; 3: 5 points; 2: 1 point; 1 or none: 0.",
            "max": "10",
            "indicators": _indications([
                ("มีความเหมาะสมกับการดำเนินกิจกรรม", "Suits the activities"),
                ("มีการระบุสถานที่ตั้งของโครงการที่ชัดเจน", "The location is clearly stated"),
                ("มีความเหมาะสมกับกลุ่มบุคคล ชุมชน สังคมหรือสิ่งแวดล้อมที่จะดำเนินงานโครงการ",
                 "Suits the people, community, society or environment the project serves"),
                ("มีความสะดวก และประหยัด", "Convenient and economical"),
            ]),
            "points": {"0": "0", "1": "0", "2": "1", "3": "5", "4": "10"},
        },
        {
            "id": "7.2",
            "kind": "indicator_count",
            "category": "feasibility",
            "label_th": "ความเหมาะสมเกี่ยวกับระยะเวลาในการดำเนินโครงการ",
            "label_en": "Suitability of the project's duration",
            "main_label_th": "มีการระบุระยะเวลาในการดำเนินโครงการ",
            "main_label_en": "The project's duration is stated",
            "help_th": _TWO_RULE_TH,
            "help_en": _TWO_RULE_EN,
            "max": "10",
            "indicators": _two(
                ("มีการระบุระยะเวลาเริ่มต้นและสิ้นสุดของโครงการภายในหนึ่งปีงบประมาณ "
                 "ในกรณีมีแผนงานเกินกว่าหนึ่งปีให้เสนอภาพรวมมาประกอบการพิจารณาด้วย",
                 "Start and end within one fiscal year (with an overview if the plan runs longer)"),
                ("มีการกำหนดระยะเวลาในการดำเนินกิจกรรมแต่ละกิจกรรม", "A duration for each activity"),
            ),
            "points": dict(_TWO_POINTS),
        },
        {
            "id": "7.3",
            "kind": "indicator_count",
            "category": "feasibility",
            "label_th": "ความเป็นไปได้ในวิธีการดำเนินงานของโครงการ",
            "label_en": "Feasibility of the project's method",
            "main_label_th": "มีการระบุวิธีการดำเนินงาน",
            "main_label_en": "The method is stated",
            "help_th": _TWO_RULE_TH,
            "help_en": _TWO_RULE_EN,
            "max": "10",
            "indicators": _two(
                ("มีการแสดงรายละเอียดกิจกรรมเกี่ยวกับการดำเนินงานตามแผนงานหรือโครงการอย่างชัดเจน",
                 "The activities are clearly detailed"),
                ("มีกิจกรรมที่ดำเนินงานต้องสอดคล้องกับวัตถุประสงค์โครงการ",
                 "The activities are consistent with the objectives"),
            ),
            "points": dict(_TWO_POINTS),
        },
        {
            "id": "7.4",
            "kind": "indicator_count",
            "category": "feasibility",
            "label_th": "ความเหมาะสมในการใช้จ่ายงบประมาณ",
            "label_en": "Suitability of the budget",
            "main_label_th": "มีการระบุงบประมาณค่าใช้จ่าย",
            "main_label_en": "The budget is stated",
            "help_th": _TWO_RULE_TH,
            "help_en": _TWO_RULE_EN,
            "max": "10",
            "indicators": _two(
                ("มีความสอดคล้องกับโครงการที่ขอรับการสนับสนุน", "Consistent with the project"),
                ("มีความสมเหตุสมผล ประหยัด คุ้มค่า เป็นไปตามเกณฑ์ที่กำหนดไว้",
                 "Reasonable, economical, good value and within the set criteria"),
            ),
            "points": dict(_TWO_POINTS),
        },
        {
            "id": "7.5",
            "kind": "indicator_count",
            "category": "feasibility",
            "label_th": "ผลที่คาดว่าจะได้รับตามแผนงานหรือโครงการ",
            "label_en": "Expected results of the plan",
            "main_label_th": "มีการระบุผลที่คาดว่าจะได้รับ",
            "main_label_en": "The expected results are stated",
            "help_th": (
                "กรณีมีข้อบ่งชี้ (๑) และ (๒) ครบทั้งสองข้อให้คะแนน ๑๕ คะแนน หรือกรณีขาดข้อบ่งชี้"
                "ข้อใดข้อหนึ่งให้คะแนน ๑๐ คะแนน หรือกรณีขาดข้อบ่งชี้ทั้งสองข้อหรือข้อบ่งชี้ไม่ชัดเจน"
                "ไม่ให้คะแนน"
            ),
            "help_en": "Both indications: 15 points; one missing: 10 points; neither or unclear: 0.",
            "max": "15",
            "indicators": _two(
                ("สามารถประเมินผลเชิงคุณภาพและเชิงปริมาณที่เกิดขึ้นโดยตรงจากการดำเนินงาน"
                 "ตามแผนงานหรือโครงการได้อย่างยั่งยืน",
                 "Qualitative and quantitative results can be measured sustainably"),
                ("สามารถระบุกลุ่มเป้าหมายที่จะได้รับผลประโยชน์และผลกระทบทั้งในเชิงปริมาณและเชิงคุณภาพ",
                 "Beneficiaries and effects are identified, in numbers and in kind"),
            ),
            "points": {"0": "0", "1": "10", "2": "15"},
        },
        {
            "id": "7.6",
            "kind": "choice",
            "category": "feasibility",
            "label_th": "ผลตอบแทนเชิงสังคมที่จะได้รับ",
            "label_en": "Social return",
            "max": "5",
            "options": [
                {"id": "clear", "points": "5",
                 "label_th": (
                     "ระบุผลตอบแทนเชิงสังคมที่จะได้รับชัดเจน สอดคล้องมาตรา ๕ "
                     "แห่งพระราชบัญญัติส่งเสริมวิสาหกิจเพื่อสังคม พ.ศ. ๒๕๖๒"
                 ),
                 "label_en": "Clearly stated, consistent with section 5 of the SE Promotion Act B.E. 2562"},
                {"id": "unclear", "points": "1", "label_th": "ไม่ชัดเจน", "label_en": "Unclear"},
            ],
        },
        {
            "id": "8",
            "kind": "choice",
            "category": "feasibility",
            "applies_to": ["private"],
            "label_th": "ประวัติความเสียหายจากการใช้จ่ายเงินกองทุน (กรณีองค์กรเอกชน)",
            "label_en": "History of damage from the use of fund money (private organisations)",
            "max": "5",
            "options": [
                {"id": "none", "points": "5",
                 "label_th": "ไม่มีประวัติความเสียหายจากการใช้จ่ายเงินกองทุน",
                 "label_en": "No history of damage"},
                {"id": "remedied", "points": "1",
                 "label_th": "มีประวัติความเสียหายจากการใช้จ่ายเงินกองทุนแต่ได้แก้ไขแล้ว",
                 "label_en": "Had damage, since remedied"},
                {"id": "not_remedied", "points": "0",
                 "label_th": "มีประวัติแต่ยังไม่แก้ไข",
                 "label_en": "Had damage, not remedied"},
            ],
        },
        {
            "id": "9",
            "kind": "choice",
            "category": "feasibility",
            "applies_to": ["private"],
            "label_th": "สถานะทางการเงินของวิสาหกิจเพื่อสังคม (กรณีองค์กรเอกชน)",
            "label_en": "Financial status (private organisations)",
            "max": "5",
            "options": [
                {"id": "audited_positive", "points": "5",
                 "label_th": "มีรายงานทางการเงินที่รับรองและมีความเห็นโดยผู้สอบบัญชีเชิงบวก",
                 "label_en": "Certified financial statements with a positive auditor's opinion"},
                {"id": "none_or_negative", "points": "0",
                 "label_th": "ไม่มีรายงานของผู้ตรวจสอบบัญชี หรือมีแต่ความเห็นเป็นเชิงลบ",
                 "label_en": "No auditor's report, or a negative opinion"},
            ],
        },
        {
            "id": "advice",
            "kind": "text",
            "label_th": "ข้อเสนอแนะของคณะกรรมการ",
            "label_en": "Committee's advice",
        },
    ],
    "grades": [dict(band) for band in GRADE_BANDS],
    "grade_basis": "percentage",
    "pass_rule": {"all": [{"gates_pass": True}, {"percentage_at_least": "60"}]},
}

SCREENING_FORM: dict[str, Any] = {
    "code": "def-screening",
    "version": 1,
    "name_th": "การคัดกรองโครงการและตรวจเอกสาร",
    "name_en": "Project screening and document check",
    "form_title_th": "แบบคัดกรองโครงการและตรวจเอกสาร",
    "form_title_en": "Project screening and document check form",
    "notes_th": (
        "ระบบกรอกรายการตรวจสอบให้เบื้องต้นจากข้อเสนอโครงการ เจ้าหน้าที่ตรวจทานและเลือกผลการพิจารณาเอง "
        "(ผ่าน / ไม่ผ่าน / ไม่ผ่าน เอกสารไม่ครบ)"
    ),
    "notes_en": (
        "The system pre-fills the checks from the proposal; staff review them and choose the outcome "
        "themselves (passed / not passed / not passed: documents incomplete)."
    ),
    "items": [
        {
            "id": "documents",
            "kind": "gate",
            "label_th": "ความครบถ้วนของข้อเสนอโครงการและเอกสาร",
            "label_en": "Completeness of the proposal and its documents",
            "require": "all",
            "checks": [
                {"id": "sections_complete", "label_th": "กรอกข้อเสนอโครงการครบทั้ง 4 ส่วน",
                 "label_en": "All 4 sections of the proposal are complete"},
                {"id": "attachments_present", "label_th": "แนบเอกสารที่กำหนดครบถ้วน",
                 "label_en": "The required attachments are present"},
                {"id": "signed_by_manager", "label_th": "ผู้จัดการองค์กรยืนยันการส่งข้อเสนอโครงการ",
                 "label_en": "Signed off by the organisation manager"},
            ],
        },
        {
            "id": "eligibility",
            "kind": "gate",
            "label_th": "ความสอดคล้องกับพันธกิจและหลักเกณฑ์ของกองทุน",
            "label_en": "Fit with the fund's mission and rules",
            "require": "all",
            "checks": [
                {"id": "within_mission", "label_th": "ตรงกับพันธกิจของกองทุน",
                 "label_en": "Within the fund's mission"},
                {"id": "budget_within_ceiling", "label_th": "งบประมาณที่ขอไม่เกินวงเงินที่กำหนด",
                 "label_en": "The requested budget is within the ceiling"},
            ],
        },
        {
            "id": "advice",
            "kind": "text",
            "label_th": "ข้อเสนอแนะของเจ้าหน้าที่",
            "label_en": "Staff advice",
        },
    ],
    "grades": [],
    "grade_basis": "total",
    "pass_rule": {"all": [{"gates_pass": True}]},
}

SHIPPED: dict[str, dict[str, Any]] = {
    rubric["code"]: rubric for rubric in (SCREENING_FORM, RUBRIC_A, RUBRIC_B)
}
