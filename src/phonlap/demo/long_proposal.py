"""A long proposal's content (about 20 printed pages in Thai) for the benchmark's PDF case:
twelve steps of nine activities and a long rationale, built on any revision's content."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

RATIONALE = (
    "ผู้ใหญ่ในชุมชนมีน้ำใจต่อเด็กพิการและครอบครัว แต่ครูในโรงเรียนเรียนร่วมยังขาดทักษะการสอน"
    "นักเรียนที่มีความบกพร่องทางการมองเห็นและการได้ยิน เจ้าหน้าที่ของมูลนิธิจึงร่วมกับสำนักงานเขตพื้นที่"
    "การศึกษาจัดทำหลักสูตรอบรมเชิงปฏิบัติการ ติดตามผลในห้องเรียน และผลิตสื่อที่เข้าถึงได้ให้แก่โรงเรียน"
)
STEPS = (
    "เตรียมการและประชุมวางแผน", "สำรวจความต้องการของโรงเรียน", "พัฒนาหลักสูตรการอบรม",
    "ผลิตสื่ออักษรเบรลล์", "ผลิตสื่อภาษามือ", "อบรมครูรุ่นที่หนึ่ง", "อบรมครูรุ่นที่สอง",
    "อบรมผู้ปกครอง", "นิเทศติดตามในห้องเรียน", "จัดเวทีแลกเปลี่ยนเรียนรู้", "ประเมินผลโครงการ",
    "สรุปและเผยแพร่ผลการดำเนินงาน",
)


def long_content(base: dict, *, activities: int = 9, paragraphs: int = 75) -> dict:
    data = copy.deepcopy(base) if isinstance(base, dict) else {}
    section2 = data.setdefault("section2", {})
    steps = []
    for s, name in enumerate(STEPS):
        month = 1 + s
        steps.append({"name": name, "activities": [
            {"description": f"กิจกรรมที่ {s + 1}.{a + 1} ประชุมเชิงปฏิบัติการและจัดทำรายงานสรุปผล",
             "start": datetime.date(2026, month, 1 + a * 3).isoformat(),
             "end": datetime.date(2026, month, 2 + a * 3).isoformat(),
             "budget": str(Decimal(1000 * (s + 1)) + Decimal("250.25") * (a + 1))}
            for a in range(activities)]})
    section2.update(
        rationale="\n".join([RATIONALE] * paragraphs), steps=steps,
        objectives=["พัฒนาทักษะการสอนของครู", "เพิ่มสื่อการเรียนรู้ที่เข้าถึงได้"],
        indicators=[{"name": "ครูที่ผ่านการอบรม", "unit": "คน", "target_value": "40"},
                    {"name": "ความพึงพอใจของผู้เข้าอบรม", "unit": "ร้อยละ", "target_value": "85"}],
        period_start="2026-01-01", period_end="2026-12-31")
    return data
