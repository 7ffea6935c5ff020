"""Version 1 of the terms of service and the privacy policy (PDPA B.E. 2562)."""

import datetime

from django.db import migrations

PUBLISHED = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)

TERMS_TH = """ข้อกำหนดการใช้งาน ฉบับที่ 1

1. ระบบนี้ใช้สำหรับยื่นขอรับทุน พิจารณาข้อเสนอโครงการ ติดตามผล และรายงานผลลัพธ์ของกองทุน
2. ท่านต้องให้ข้อมูลที่เป็นจริง ถูกต้อง และเป็นปัจจุบัน และรักษารหัสผ่านของท่านไว้เป็นความลับ ห้ามให้ผู้อื่นใช้บัญชีของท่าน
3. ข้อเสนอโครงการยื่นในนามองค์กรเท่านั้น ผู้จัดการองค์กรเป็นผู้รับผิดชอบการยื่นข้อเสนอ
4. ห้ามใช้ระบบเพื่อการอันผิดกฎหมาย ห้ามพยายามเข้าถึงข้อมูลที่ท่านไม่มีสิทธิ์ และห้ามอัปโหลดไฟล์ที่เป็นอันตราย
5. กองทุนอาจระงับบัญชีที่ฝ่าฝืนข้อกำหนดนี้ และอาจปรับปรุงข้อกำหนดนี้ได้ เมื่อมีฉบับใหม่ ระบบจะขอให้ท่านยอมรับอีกครั้งเมื่อเข้าสู่ระบบครั้งถัดไป
6. การกระทำสำคัญในระบบ เช่น การเข้าสู่ระบบและการเปลี่ยนสถานะข้อมูล จะถูกบันทึกไว้ในบันทึกการเข้าถึง"""

TERMS_EN = """Terms of service, version 1

1. This platform is for applying for funding, reviewing proposals, monitoring projects and reporting their outcomes.
2. You must give true, accurate and current information, and keep your password secret. Do not let anyone else use your account.
3. Proposals are made in the name of an organisation only; its organisation manager is responsible for submitting them.
4. Do not use the platform for anything unlawful, do not try to reach data you have no right to, and do not upload harmful files.
5. The fund may suspend accounts that break these terms and may update them. When a new version is published you will be asked to accept it at your next sign-in.
6. Important actions, such as signing in and changes of state, are recorded in the access log."""

PRIVACY_TH = """นโยบายความเป็นส่วนตัว ฉบับที่ 1 (ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562)

ข้อมูลที่เก็บ: ชื่อ นามสกุล คำนำหน้าชื่อ อีเมล หมายเลขโทรศัพท์ ตำแหน่งและกลุ่มงาน องค์กรที่ท่านสังกัด เลขประจำตัวประชาชนและภาพบัตรประจำตัวประชาชน (เพื่อยืนยันตัวตน) และบันทึกการเข้าใช้งาน (เวลาและหมายเลข IP)

วัตถุประสงค์: เพื่อยืนยันตัวตน พิจารณาข้อเสนอโครงการ ติดตามผลการดำเนินงาน ติดต่อท่าน และปฏิบัติตามกฎหมายและการตรวจสอบของหน่วยงานรัฐ ฐานทางกฎหมาย คือ ความยินยอมของท่าน การปฏิบัติตามสัญญาให้ทุน และหน้าที่ตามกฎหมาย

การคุ้มครอง: เลขประจำตัวประชาชนและภาพบัตรเป็นข้อมูลอ่อนไหว จัดเก็บแยกเป็นส่วนตัว แสดงแบบปิดบังบางส่วน เข้าถึงได้เฉพาะเจ้าของข้อมูล เจ้าหน้าที่กองทุน และผู้ดูแลระบบ และทุกการเข้าถึงจะถูกบันทึก เราไม่เปิดเผยข้อมูลส่วนบุคคลแก่บุคคลภายนอก เว้นแต่กฎหมายกำหนด

ระยะเวลาเก็บ: ตลอดระยะเวลาที่ท่านมีบัญชี เมื่อการลบบัญชีได้รับการยืนยัน ข้อมูลจะถูกซ่อนทันที เก็บไว้ 30 วันเพื่อให้กู้คืนได้ แล้วจึงลบถาวร คงไว้เฉพาะที่กฎหมายหรือการตรวจสอบกำหนดในรูปแบบที่ไม่ระบุตัวตน

สิทธิของท่าน: ขอเข้าถึงและรับสำเนาข้อมูล (ดาวน์โหลดได้จากระบบ) ขอแก้ไข ขอลบ คัดค้านหรือขอระงับการใช้ ถอนความยินยอม และร้องเรียนต่อสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล โดยติดต่อเจ้าหน้าที่กองทุน"""

PRIVACY_EN = """Privacy policy, version 1 (under the Personal Data Protection Act B.E. 2562 (2019))

What we collect: your title, first and last name, e-mail address, phone numbers, position and work group, the organisation you belong to, your national ID number and an image of your ID card (to verify your identity), and a log of your use of the platform (times and IP addresses).

Why: to verify who you are, to review proposals, to monitor projects, to contact you, and to meet legal and government audit duties. The legal bases are your consent, the performance of the grant agreement, and legal obligation.

Protection: the national ID number and the card image are sensitive data. They are stored privately, shown masked, readable only by you, fund staff and system administrators, and every read is logged. We do not disclose personal data to third parties unless the law requires it.

Retention: for as long as you have an account. Once deletion of your account is confirmed, your data is hidden at once, kept 30 days so it can be restored, then purged for good, keeping only what law or audit requires, anonymised.

Your rights: to access and obtain a copy of your data (downloadable from the platform), to correct it, to have it erased, to object to or restrict its use, to withdraw consent, and to complain to the Office of the Personal Data Protection Committee. Contact the fund's staff to exercise them."""


def seed(apps, schema_editor):
    PolicyVersion = apps.get_model("accounts", "PolicyVersion")
    for kind, th, en in (("terms", TERMS_TH, TERMS_EN), ("privacy", PRIVACY_TH, PRIVACY_EN)):
        PolicyVersion.objects.get_or_create(
            kind=kind, version="1",
            defaults={"body_th": th, "body_en": en, "published_at": PUBLISHED},
        )


def unseed(apps, schema_editor):
    PolicyVersion = apps.get_model("accounts", "PolicyVersion")
    PolicyVersion.objects.filter(version="1", consents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_policyversion_profile_consent")]
    operations = [migrations.RunPython(seed, unseed)]
