"""The demo's people, organisations and calls: plausible but fictitious (no real person's data).
Addresses use real subdistrict codes (DOPA) from the organisations app's area tables."""

DEMO_PASSWORD = "phonlap-demo-2569"  # exists only in demo mode: load_demo refuses otherwise

# key, e-mail, title, first name, last name; the flags say which role the account holds.
USERS = [
    {"key": "super_user", "email": "admin@demo.phonlap.example", "title": "mr",
     "first_name": "สมชาย", "last_name": "ผู้ดูแลระบบ", "is_superuser": True},
    {"key": "staff", "email": "staff@demo.phonlap.example", "title": "ms",
     "first_name": "วราภรณ์", "last_name": "ใจดี", "is_fund_staff": True},
    {"key": "committee", "email": "committee@demo.phonlap.example", "title": "dr",
     "first_name": "ประเสริฐ", "last_name": "วงศ์วิชาการ", "is_committee": True},
    {"key": "organisation_manager", "email": "manager@demo.phonlap.example", "title": "mrs",
     "first_name": "สุนีย์", "last_name": "รักษ์ชุมชน", "position": "ผู้อำนวยการมูลนิธิ",
     "national_id": "110170012345"},
    {"key": "project_manager", "email": "project@demo.phonlap.example", "title": "mr",
     "first_name": "ธนพล", "last_name": "มุ่งมั่น", "position": "ผู้จัดการโครงการ",
     "national_id": "310990023456"},
    {"key": "unverified", "email": "newcomer@demo.phonlap.example", "title": "ms",
     "first_name": "กมลชนก", "last_name": "เพิ่งสมัคร", "verified": False},
]

ROLE_LABELS = {
    "super_user": "super user (asked to set up two-factor sign-in at first sign-in)",
    "staff": "fund staff",
    "committee": "committee member",
    "organisation_manager": "organisation manager",
    "project_manager": "project manager",
    "unverified": "signed up, e-mail not verified (cannot sign in yet)",
}

SPECIAL_EDUCATION = "สำนักบริหารงานการศึกษาพิเศษ สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน"

# The first one is the demo organisation manager's own organisation.
ORGANISATIONS = [
    {"name": "มูลนิธิส่งเสริมการเรียนรู้เพื่อคนพิการ", "kind": "private", "registration_year": 2008,
     "house_number": "99/9", "road": "ถนนพหลโยธิน", "subdistrict": "103001",
     "latitude": "13.818100", "longitude": "100.560300"},
    {"name": "ศูนย์การศึกษาพิเศษ เขตการศึกษา 8 จังหวัดเชียงใหม่", "kind": "government",
     "parent_agency": SPECIAL_EDUCATION, "registration_year": 1999, "house_number": "123",
     "road": "ถนนโชตนา", "subdistrict": "500101", "latitude": "18.795500", "longitude": "98.987300"},
    {"name": "โรงเรียนโสตศึกษาจังหวัดขอนแก่น", "kind": "government", "parent_agency": SPECIAL_EDUCATION,
     "registration_year": 1981, "house_number": "88", "road": "ถนนมิตรภาพ", "subdistrict": "400101",
     "latitude": "16.432200", "longitude": "102.823600"},
    {"name": "โรงเรียนศึกษาสงเคราะห์อุบลราชธานี", "kind": "government", "parent_agency": SPECIAL_EDUCATION,
     "registration_year": 1992, "house_number": "45", "road": "ถนนชยางกูร", "subdistrict": "340101"},
    {"name": "องค์การบริหารส่วนจังหวัดน่าน (กองการศึกษา)", "kind": "government",
     "parent_agency": "กรมส่งเสริมการปกครองท้องถิ่น กระทรวงมหาดไทย", "house_number": "1",
     "road": "ถนนสุริยพงษ์", "subdistrict": "550101"},
    {"name": "วิทยาลัยชุมชนพิษณุโลก (ศูนย์บริการนักศึกษาพิการ)", "kind": "government",
     "parent_agency": "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม", "house_number": "9",
     "road": "ถนนบรมไตรโลกนาถ", "subdistrict": "650101"},
    {"name": "สมาคมคนตาบอดนครราชสีมา", "kind": "private", "registration_year": 2001,
     "house_number": "77/3", "road": "ถนนมิตรภาพ", "subdistrict": "300101"},
    {"name": "บริษัท ทอผ้าน่านเพื่อสังคม จำกัด", "kind": "private", "registration_year": 2019,
     "house_number": "12", "road": "ถนนมหาวงศ์", "subdistrict": "550102", "is_social_enterprise": True,
     "se_registration_number": "วสส.0456/2563", "se_status": "registered",
     "latitude": "18.783300", "longitude": "100.778900"},
    {"name": "บริษัท กาแฟดอยเพื่อชุมชน จำกัด (วิสาหกิจเพื่อสังคม)", "kind": "private",
     "registration_year": 2020, "house_number": "255", "road": "ถนนห้วยแก้ว", "subdistrict": "500102",
     "is_social_enterprise": True, "se_registration_number": "วสส.0789/2564", "se_status": "registered"},
    {"name": "วิสาหกิจชุมชนท่องเที่ยวเกาะแก้ว", "kind": "private", "registration_year": 2021,
     "house_number": "5 หมู่ 3", "road": "", "subdistrict": "830103", "is_social_enterprise": True,
     "se_status": "applied"},
    {"name": "มูลนิธิพัฒนาอาชีพคนพิการภาคใต้", "kind": "private", "registration_year": 2012,
     "house_number": "300", "road": "ถนนเพชรเกษม", "subdistrict": "901101"},
    {"name": "ชมรมผู้ปกครองเด็กออทิสติกนนทบุรี", "kind": "private", "registration_year": 2015,
     "house_number": "19/4", "road": "ถนนแจ้งวัฒนะ", "subdistrict": "120601"},
]

CALLS = {
    "disability-education": {"name_th": "รอบการรับข้อเสนอโครงการ ปีงบประมาณ {fy}",
                             "name_en": "Call for proposals, fiscal year {fy}"},
    "se-promotion": {"name_th": "รอบการรับข้อเสนอขอรับการส่งเสริมวิสาหกิจเพื่อสังคม ปีงบประมาณ {fy}",
                     "name_en": "Social enterprise promotion call, fiscal year {fy}"},
}

# Committee members besides the printed ``committee`` account (not printed: they sit on the
# demo's sessions so that every session has a chair, a secretary and members).
COMMITTEE = [
    {"key": "c_somsak", "email": "somsak.k@committee.demo.phonlap.example", "title": "dr",
     "first_name": "สมศักดิ์", "last_name": "เกียรติก้อง", "phone": "02-354-8101"},
    {"key": "c_malee", "email": "malee.s@committee.demo.phonlap.example", "title": "mrs",
     "first_name": "มาลี", "last_name": "ศรีประเสริฐ", "phone": "02-354-8102"},
    {"key": "c_anan", "email": "anan.p@committee.demo.phonlap.example", "title": "mr",
     "first_name": "อนันต์", "last_name": "พิทักษ์ธรรม", "phone": "081-552-0193"},
    {"key": "c_kanokwan", "email": "kanokwan.r@committee.demo.phonlap.example", "title": "dr",
     "first_name": "กนกวรรณ", "last_name": "รัตนโกสินทร์", "phone": "089-117-4420"},
    {"key": "c_wichai", "email": "wichai.t@committee.demo.phonlap.example", "title": "mr",
     "first_name": "วิชัย", "last_name": "ทองประเสริฐ", "phone": "02-354-8106"},
    {"key": "c_jintana", "email": "jintana.b@committee.demo.phonlap.example", "title": "ms",
     "first_name": "จินตนา", "last_name": "บุญมาก", "phone": "086-903-2277"},
]

# Managers of three other demo organisations (not printed), so that staff lists and the
# statistics show more than one applicant. "organisation" indexes ORGANISATIONS.
APPLICANTS = [
    {"key": "chiangmai_manager", "email": "manager@sec8-chiangmai.demo.phonlap.example",
     "title": "mrs", "first_name": "พรทิพย์", "last_name": "แก้วมณี",
     "position": "ผู้อำนวยการศูนย์การศึกษาพิเศษ", "national_id": "350120034567", "organisation": 1},
    {"key": "korat_manager", "email": "manager@korat-blind.demo.phonlap.example", "title": "mr",
     "first_name": "ชาญชัย", "last_name": "ศรีสว่าง", "position": "นายกสมาคม",
     "national_id": "130990045678", "organisation": 6},
    {"key": "nan_manager", "email": "manager@nan-weaving.demo.phonlap.example", "title": "ms",
     "first_name": "อรุณี", "last_name": "ทองคำ", "position": "กรรมการผู้จัดการ",
     "national_id": "155020056789", "organisation": 7},
]

# Evaluation sessions: "days" after the load (negative: held and closed, with resolutions;
# positive: planned). Seats name keys of USERS / COMMITTEE; the printed committee account
# chairs one session and sits on most others.
_WG = "การประชุมคณะทำงานพิจารณากลั่นกรองโครงการ กองทุนการศึกษาคนพิการ ครั้งที่ {n}/{fy}"
_SC = "การประชุมคณะอนุกรรมการพิจารณาโครงการ กองทุนการศึกษาคนพิการ ครั้งที่ {n}/{fy}"
_BOARD = "การประชุมคณะกรรมการบริหารกองทุนส่งเสริมและพัฒนาการศึกษาสำหรับคนพิการ ครั้งที่ {n}/{fy}"
_SE = "การประชุมคณะกรรมการพิจารณาการให้ความช่วยเหลือ กองทุนวิสาหกิจเพื่อสังคม ครั้งที่ {n}/{fy}"
_SE_BOARD = "การประชุมคณะกรรมการบริหารกองทุนส่งเสริมวิสาหกิจเพื่อสังคม ครั้งที่ {n}/{fy}"
ROOM = "ห้องประชุมกองทุน ชั้น 5 อาคารกระทรวงศึกษาธิการ"
BIG_ROOM = "ห้องประชุมใหญ่ ชั้น 2 อาคารกระทรวงศึกษาธิการ"
SE_ROOM = "ห้องประชุมสำนักงานส่งเสริมวิสาหกิจเพื่อสังคม และประชุมออนไลน์"

SESSIONS = [
    {"key": "wg-past", "fund": "disability-education", "stage": "working_group", "days": -45,
     "time": (9, 30), "name": _WG, "n": 2, "location": ROOM,
     "chair": "c_somsak", "secretary": "c_malee", "members": ["committee", "c_anan"]},
    {"key": "sc-past", "fund": "disability-education", "stage": "subcommittee", "days": -30,
     "time": (13, 30), "name": _SC, "n": 2, "location": ROOM,
     "chair": "c_kanokwan", "secretary": "c_wichai", "members": ["committee", "c_somsak"]},
    {"key": "board-past", "fund": "disability-education", "stage": "board", "days": -15,
     "time": (10, 0), "name": _BOARD, "n": 1, "location": BIG_ROOM,
     "chair": "c_jintana", "secretary": "c_wichai", "members": ["committee", "c_anan"]},
    {"key": "se-past", "fund": "se-promotion", "stage": "committee", "days": -40,
     "time": (9, 0), "name": _SE, "n": 1, "location": SE_ROOM,
     "chair": "c_anan", "secretary": "c_malee", "members": ["committee", "c_jintana"]},
    {"key": "wg-next", "fund": "disability-education", "stage": "working_group", "days": 9,
     "time": (9, 30), "name": _WG, "n": 3, "location": ROOM,
     "chair": "committee", "secretary": "c_malee", "members": ["c_anan", "c_kanokwan"]},
    {"key": "sc-next", "fund": "disability-education", "stage": "subcommittee", "days": 16,
     "time": (13, 30), "name": _SC, "n": 3, "location": ROOM,
     "chair": "c_kanokwan", "secretary": "c_wichai", "members": ["c_somsak", "c_jintana"]},
    {"key": "board-next", "fund": "disability-education", "stage": "board", "days": 23,
     "time": (10, 0), "name": _BOARD, "n": 2, "location": BIG_ROOM,
     "chair": "c_jintana", "secretary": "c_wichai", "members": ["committee", "c_somsak", "c_kanokwan"]},
    {"key": "se-next", "fund": "se-promotion", "stage": "committee", "days": 12,
     "time": (9, 0), "name": _SE, "n": 2, "location": SE_ROOM,
     "chair": "c_anan", "secretary": "c_malee", "members": ["committee", "c_somsak"]},
    {"key": "se-board-past", "fund": "se-promotion", "stage": "board", "days": -20,
     "time": (14, 0), "name": _SE_BOARD, "n": 1, "location": SE_ROOM,
     "chair": "c_jintana", "secretary": "c_wichai", "members": ["committee", "c_kanokwan"]},
    {"key": "se-board-next", "fund": "se-promotion", "stage": "board", "days": 28,
     "time": (14, 0), "name": _SE_BOARD, "n": 2, "location": SE_ROOM,
     "chair": "c_jintana", "secretary": "c_wichai", "members": ["c_kanokwan"]},
]

ADVICE = {
    "documents": ("เอกสารแนบไม่ครบถ้วน: ขาดประวัติวิทยากร และตารางค่าใช้จ่ายยังไม่แยกรายรุ่น "
                  "กรุณาแนบเอกสารให้ครบ แยกค่าใช้จ่ายการอบรมรายรุ่น แล้วสร้างฉบับปรับปรุงเพื่อยื่นใหม่"),
    "wg_pass": ("โครงการมีความชัดเจนและสอดคล้องกับพันธกิจของกองทุน ควรระบุวิธีวัดผลสัมฤทธิ์ของ"
                "ผู้เรียนให้ชัดเจนยิ่งขึ้น และเสนอคณะอนุกรรมการพิจารณาต่อไป"),
    "sc_pass": "เห็นควรเสนอคณะกรรมการบริหารกองทุนพิจารณาอนุมัติ",
    "sc_fail": ("วัตถุประสงค์และตัวชี้วัดยังวัดผลไม่ได้ และค่าใช้จ่ายบางรายการสูงกว่าเกณฑ์ของกองทุน "
                "ควรกำหนดเป้าหมายเชิงปริมาณของนักเรียนที่ได้รับประโยชน์ ระบุเครื่องมือวัดผล "
                "และปรับค่าตอบแทนวิทยากรให้เป็นไปตามหลักเกณฑ์ แล้วยื่นฉบับปรับปรุง"),
    "wg_fail": ("โครงการยังขาดความชัดเจนของกลุ่มเป้าหมายและวิธีการติดตามผล ควรปรับปรุงตามความเห็น"
                "รายข้อแล้วยื่นใหม่"),
    "approved": "อนุมัติตามที่คณะอนุกรรมการเสนอ โดยให้ปรับลดค่าใช้จ่ายในการจัดพิมพ์เอกสาร",
    "approved_full": "อนุมัติเต็มจำนวนตามที่เสนอ",
    "se_rejected": ("คณะกรรมการบริหารกองทุนเห็นว่าค่าใช้จ่ายส่วนใหญ่เป็นการจัดซื้อยานพาหนะ ซึ่งไม่เป็นไปตาม"
                    "หลักเกณฑ์การให้ความช่วยเหลือของกองทุน จึงไม่อนุมัติ"),
    "rejected": ("ค่าครุภัณฑ์ยานพาหนะไม่อยู่ในหลักเกณฑ์การสนับสนุนของกองทุน "
                 "จึงไม่อนุมัติ ผู้เสนออาจปรับเป็นโครงการจ้างเหมาบริการรับส่งแล้วยื่นใหม่"),
    "not_considered": ("ที่ประชุมไม่พิจารณาในครั้งนี้ เนื่องจากหน่วยงานขอปรับรายละเอียดงบประมาณ "
                       "ให้นำเข้าวาระการประชุมครั้งถัดไป"),
    "se_fail": ("แผนงานยังไม่แสดงความสอดคล้องกับแผนปฏิบัติการส่งเสริมวิสาหกิจเพื่อสังคมอย่างชัดเจน "
                "ควรระบุผลตอบแทนทางสังคม (จำนวนคนพิการที่ได้รับการจ้างงาน รายได้ที่เพิ่มขึ้น) "
                "และแนบงบการเงินที่ผ่านการรับรองจากผู้สอบบัญชี"),
    "se_pass": "แผนงานมีความเป็นไปได้ เห็นควรเสนอคณะกรรมการบริหารกองทุนพิจารณา",
}

CONFLICT_NOTES = {
    "advisor": "เคยเป็นที่ปรึกษาของหน่วยงานผู้เสนอโครงการในปีที่ผ่านมา",
    "board": "เป็นกรรมการของบริษัทผู้เสนอโครงการ",
}

# The demo's proposals, built through the proposal and review domains. "owner" creates and
# drafts (key of USERS / APPLICANTS), "submitter" submits; "organisation" indexes
# ORGANISATIONS; "sections": how many of sections 1-3 are saved (drafts); "submitted": days
# before the load when revision 1 went in; "review": the steps after submission, in order:
#   {"screen": outcome, "advice": ..., "missing": [check ids]} — staff record the screening;
#   {"meet": session key} — on that session's agenda (awaiting its meeting), and with
#   "score" (a rubric total to aim at), "approve" (share of the request approved), "reject"
#   or "set_aside" the meeting's result is recorded; "conflict": a member who declares one;
#   {"revise": days} — a new revision, resubmitted that many days before the load.
# "scale" multiplies the budget lines; "target_groups" overrides the fund's default groups.
_PM = {"owner": "project_manager", "submitter": "organisation_manager", "organisation": 0}
PROPOSALS = [
    {**_PM, "key": "draft", "sections": 1, "fund": "disability-education",
     "name": "โครงการห้องสมุดเสียงสำหรับนักเรียนพิการทางการมองเห็น"},
    {**_PM, "key": "ready", "sections": 3, "fund": "disability-education", "ready": True,
     "name": "โครงการอบรมครูภาษามือในโรงเรียนเรียนร่วม"},
    {**_PM, "key": "screening", "fund": "disability-education", "submitted": 4, "review": [],
     "target_groups": ["autism"], "scale": "0.8",
     "name": "โครงการพัฒนาทักษะอาชีพสำหรับเยาวชนออทิสติก"},
    {**_PM, "key": "documents", "fund": "disability-education", "submitted": 24,
     "target_groups": ["learning"], "scale": "0.6",
     "review": [{"screen": "not_passed_documents", "advice": ADVICE["documents"],
                 "missing": ["attachments_present"], "after": 6}],
     "name": "โครงการสื่อการเรียนรู้สำหรับนักเรียนบกพร่องทางการเรียนรู้"},
    {**_PM, "key": "awaiting_meeting", "fund": "disability-education", "submitted": 21,
     "target_groups": ["physical", "visual"], "scale": "1.3",
     "review": [{"screen": "passed", "after": 5}, {"meet": "wg-next"}],
     "name": "โครงการค่ายเทคโนโลยีสิ่งอำนวยความสะดวกสำหรับนักเรียนพิการ"},
    {**_PM, "key": "awaiting_agenda", "fund": "disability-education", "submitted": 66,
     "target_groups": ["visual"], "scale": "1.1",
     "review": [{"screen": "passed"}, {"meet": "wg-past", "score": 86, "advice": ADVICE["wg_pass"]}],
     "name": "โครงการพัฒนาหลักสูตรอักษรเบรลล์ออนไลน์สำหรับครูการศึกษาพิเศษ"},
    {**_PM, "key": "board", "fund": "disability-education", "submitted": 72,
     "target_groups": ["hearing"], "scale": "1.6",
     "review": [{"screen": "passed"},
                {"meet": "wg-past", "score": 90, "advice": ADVICE["wg_pass"]},
                {"meet": "sc-past", "score": 84, "advice": ADVICE["sc_pass"]},
                {"meet": "board-next"}],
     "name": "โครงการศูนย์การเรียนรู้ภาษามือไทยในชุมชน"},
    {**_PM, "key": "approved", "fund": "disability-education", "submitted": 78,
     "target_groups": ["visual", "hearing", "physical"], "scale": "2.2",
     "review": [{"screen": "passed"},
                {"meet": "wg-past", "score": 88, "advice": ADVICE["wg_pass"]},
                {"meet": "sc-past", "score": 86, "advice": ADVICE["sc_pass"]},
                {"meet": "board-past", "approve": "0.9", "advice": ADVICE["approved"]}],
     "name": "โครงการทุนการศึกษาและพี่เลี้ยงสำหรับนักศึกษาพิการในมหาวิทยาลัย"},
    {**_PM, "key": "resubmitted", "fund": "disability-education", "submitted": 70,
     "target_groups": ["learning", "intellectual"], "scale": "1.2",
     "review": [{"screen": "passed"},
                {"meet": "wg-past", "score": 82, "advice": ADVICE["wg_pass"]},
                {"meet": "sc-past", "score": 68, "advice": ADVICE["sc_fail"]},
                {"revise": 6}],
     "name": "โครงการห้องเรียนรวมสำหรับเด็กที่มีความบกพร่องทางการเรียนรู้"},
    {**_PM, "key": "se_not_passed", "fund": "se-promotion", "submitted": 62, "scale": "0.9",
     "review": [{"screen": "passed"},
                {"meet": "se-past", "score": 55, "keep": ["8"], "advice": ADVICE["se_fail"]}],
     "name": "โครงการร้านกาแฟฝึกอาชีพคนพิการ"},
    # --- other organisations -----------------------------------------------------------------
    {"owner": "chiangmai_manager", "submitter": "chiangmai_manager", "organisation": 1,
     "key": "cm_sc_next", "fund": "disability-education", "submitted": 68,
     "target_groups": ["intellectual", "autism"], "scale": "0.7",
     "review": [{"screen": "passed"},
                {"meet": "wg-past", "score": 82, "advice": ADVICE["wg_pass"],
                 "conflict": ("c_anan", "advisor")},
                {"meet": "sc-next"}],
     "name": "โครงการคัดกรองและส่งต่อเด็กพิการในพื้นที่ห่างไกล"},
    {"owner": "chiangmai_manager", "submitter": "chiangmai_manager", "organisation": 1,
     "key": "cm_screening", "fund": "disability-education", "submitted": 2, "review": [],
     "target_groups": ["intellectual"], "scale": "0.5",
     "name": "โครงการพัฒนาศักยภาพผู้ปกครองเด็กพิการทางสติปัญญา"},
    {"owner": "chiangmai_manager", "submitter": "chiangmai_manager", "organisation": 1,
     "key": "cm_set_aside", "fund": "disability-education", "submitted": 64,
     "target_groups": ["physical", "hearing", "visual"], "scale": "1.9",
     "review": [{"screen": "passed"},
                {"meet": "wg-past", "score": 84, "advice": ADVICE["wg_pass"]},
                {"meet": "sc-past", "set_aside": True, "advice": ADVICE["not_considered"]}],
     "name": "โครงการจัดหาสื่อและเทคโนโลยีสิ่งอำนวยความสะดวกสำหรับห้องเรียนคละความพิการ"},
    {"owner": "korat_manager", "submitter": "korat_manager", "organisation": 6,
     "key": "korat_approved", "fund": "disability-education", "submitted": 80,
     "target_groups": ["visual"], "scale": "1.0",
     "review": [{"screen": "passed"},
                {"meet": "wg-past", "score": 94, "advice": ADVICE["wg_pass"]},
                {"meet": "sc-past", "score": 90, "advice": ADVICE["sc_pass"]},
                {"meet": "board-past", "approve": "1", "advice": ADVICE["approved_full"]}],
     "name": "โครงการฝึกทักษะการเดินทางด้วยไม้เท้าขาวสำหรับเยาวชนตาบอด"},
    {"owner": "korat_manager", "submitter": "korat_manager", "organisation": 6,
     "key": "korat_rejected", "fund": "disability-education", "submitted": 82,
     "target_groups": ["visual"], "scale": "2.5",
     "review": [{"screen": "passed"},
                {"meet": "wg-past", "score": 80, "advice": ADVICE["wg_pass"]},
                {"meet": "sc-past", "score": 80, "advice": ADVICE["sc_pass"]},
                {"meet": "board-past", "reject": True, "advice": ADVICE["rejected"]}],
     "name": "โครงการจัดหารถรับส่งนักเรียนตาบอดไปโรงเรียน"},
    {"owner": "korat_manager", "submitter": "korat_manager", "organisation": 6,
     "key": "korat_wg_failed", "fund": "disability-education", "submitted": 58,
     "target_groups": ["visual"], "scale": "0.6",
     "review": [{"screen": "passed"},
                {"meet": "wg-past", "score": 64, "advice": ADVICE["wg_fail"]}],
     "name": "โครงการอบรมการใช้โปรแกรมอ่านหน้าจอสำหรับผู้พิการทางการมองเห็น"},
    {"owner": "korat_manager", "submitter": "korat_manager", "organisation": 6,
     "key": "korat_wg_next", "fund": "disability-education", "submitted": 18,
     "target_groups": ["visual"], "scale": "0.9",
     "review": [{"screen": "passed", "after": 3}, {"meet": "wg-next"}],
     "name": "โครงการผลิตหนังสือเสียงสำหรับนักเรียนตาบอด"},
    {"owner": "nan_manager", "submitter": "nan_manager", "organisation": 7,
     "key": "nan_se_board", "fund": "se-promotion", "submitted": 60,
     "target_groups": ["elderly", "disabled", "community"], "scale": "1.5",
     "review": [{"screen": "passed"},
                {"meet": "se-past", "score": 78, "advice": ADVICE["se_pass"],
                 "conflict": ("c_jintana", "board")},
                {"meet": "se-board-next"}],
     "name": "โครงการพัฒนาผลิตภัณฑ์ผ้าทอโดยช่างทอผู้สูงอายุและคนพิการ"},
    # The SE fund's board turns a proposal down for good (its failure route is "rejected").
    {"owner": "nan_manager", "submitter": "nan_manager", "organisation": 7,
     "key": "nan_se_rejected", "fund": "se-promotion", "submitted": 66,
     "target_groups": ["disabled", "community"], "scale": "2.2",
     "review": [{"screen": "passed"},
                {"meet": "se-past", "score": 72, "advice": ADVICE["se_pass"]},
                {"meet": "se-board-past", "reject": True, "advice": ADVICE["se_rejected"]}],
     "name": "โครงการจัดซื้อรถบรรทุกขนส่งสินค้าชุมชน"},
    {"owner": "nan_manager", "submitter": "nan_manager", "organisation": 7,
     "key": "nan_se_next", "fund": "se-promotion", "submitted": 15,
     "target_groups": ["community", "low_income"], "scale": "0.7",
     "review": [{"screen": "passed", "after": 4}, {"meet": "se-next"}],
     "name": "โครงการตลาดออนไลน์สำหรับผลิตภัณฑ์ชุมชนน่าน"},
]

# What the project manager changes in section 2 before resubmitting a returned proposal.
REVISION_CHANGES = {
    "indicators": [
        {"name": "นักเรียนที่มีผลสัมฤทธิ์ทางการเรียนเพิ่มขึ้น", "unit": "คน", "target_value": "120"},
        {"name": "ครูที่ใช้แผนการสอนเฉพาะบุคคล", "unit": "คน", "target_value": "30"},
        {"name": "ความพึงพอใจของผู้ปกครอง", "unit": "ร้อยละ", "target_value": "85"},
    ],
}

PROPOSAL_SECTION1 = {
    "current_activities": ["ห้องเรียนอักษรเบรลล์สำหรับเด็กและเยาวชน", "ชมรมภาษามือในชุมชน"],
    "past_year_results": "อบรมครูและผู้ปกครอง 120 คน จัดทำสื่ออักษรเบรลล์ 300 เล่ม",
    "fund_history": {"received_before": True, "times": 2, "last_year": 2566,
                     "last_project": "โครงการห้องสมุดอักษรเบรลล์", "problems": "การจัดส่งสื่อล่าช้า"},
    "other_funding": [{"source": "องค์การบริหารส่วนจังหวัด", "amount": "50000", "year": 2567}],
}
PROPOSAL_SECTION2 = {
    "target_groups": {"disability-education": ["visual", "hearing"], "se-promotion": ["disabled"]},
    "responsible_unit": {"name": "ฝ่ายการศึกษาพิเศษ", "phone": "02-123-4567",
                         "email": "education@demo.phonlap.example"},
    "coordinator": {"name": "ธนพล มุ่งมั่น", "phone": "081-234-5678",
                    "email": "project@demo.phonlap.example"},
    "rationale": "ครูในโรงเรียนเรียนร่วมยังขาดทักษะการสอนนักเรียนพิการ",
    "objectives": ["พัฒนาทักษะครู", "เพิ่มสื่อการเรียนรู้ที่เข้าถึงได้"],
    "targets": ["ครู 40 คน", "นักเรียนพิการ 200 คน"],
    "indicators": [{"name": "ครูที่ผ่านการอบรม", "unit": "คน", "target_value": "40"},
                   {"name": "ความพึงพอใจของผู้เข้าอบรม", "unit": "ร้อยละ", "target_value": "85"}],
    "outputs": ["ครูผ่านการอบรม 40 คน"], "outcomes": ["ครูใช้สื่อที่เข้าถึงได้ในชั้นเรียน"],
    "impact": ["นักเรียนพิการเรียนร่วมได้เต็มศักยภาพ"],
    "location": "กรุงเทพมหานคร", "method": "อบรมเชิงปฏิบัติการและติดตามผลในโรงเรียน",
    "period_days": (30, 210),
    # step name, [(description, start day, end day, budget)]
    "steps": [
        ("เตรียมการ", [("ประชุมวางแผนและจัดทำหลักสูตร", 30, 45, "20000")]),
        ("ดำเนินการอบรม", [("อบรมรุ่นที่ 1", 60, 62, "50000"), ("อบรมรุ่นที่ 2", 90, 92, "30000")]),
        ("ติดตามผล", [("ติดตามผลในโรงเรียน", 120, 200, "15000")]),
    ],
}
PROPOSAL_SECTION3 = {"participation": [
    {"type": "venue", "description": "ห้องประชุม 3 วัน", "agency": "สำนักงานเขตพื้นที่การศึกษา"},
    {"type": "speakers", "description": "วิทยากรภาษามือ 2 คน", "agency": "สมาคมคนหูหนวก"},
]}
