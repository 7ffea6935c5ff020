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

# Proposals of the demo project manager in every state of spec 02 (built through the domain).
# "sections": how many of sections 1-3 are saved; the dates are days after the load.
PROPOSALS = [
    {"status": "draft", "sections": 1, "fund": "disability-education",
     "name": "โครงการห้องสมุดเสียงสำหรับนักเรียนพิการทางการมองเห็น"},
    {"status": "draft", "sections": 3, "fund": "disability-education",
     "name": "โครงการอบรมครูภาษามือในโรงเรียนเรียนร่วม"},
    {"status": "in_review", "sections": 3, "fund": "disability-education",
     "name": "โครงการพัฒนาทักษะอาชีพสำหรับเยาวชนออทิสติก"},
    {"status": "returned", "sections": 3, "fund": "disability-education",
     "name": "โครงการสื่อการเรียนรู้สำหรับนักเรียนบกพร่องทางการเรียนรู้"},
    {"status": "not_passed", "sections": 3, "fund": "se-promotion",
     "name": "โครงการร้านกาแฟฝึกอาชีพคนพิการ"},
]

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
