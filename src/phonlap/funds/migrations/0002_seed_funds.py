"""Ship the two funds of the spec as data (spec README). Editable afterwards in the admin;
reversing removes them only if nothing refers to them yet."""

from django.db import migrations

FUNDS = [
    {
        "code": "disability-education",
        "name_th": "กองทุนส่งเสริมและพัฒนาการศึกษาสำหรับคนพิการ",
        "name_en": "Fund for the Promotion and Development of Education for Persons with Disabilities",
        "short_name_th": "กองทุนการศึกษาคนพิการ",
        "short_name_en": "Disability Education Fund",
        "description_th": (
            "กองทุนตามพระราชบัญญัติการจัดการศึกษาสำหรับคนพิการ พ.ศ. 2551 "
            "สนับสนุนโครงการส่งเสริมและพัฒนาการศึกษาสำหรับคนพิการ"
        ),
        "description_en": (
            "The fund under the Education for Persons with Disabilities Act B.E. 2551 (2008); "
            "it supports projects that promote and develop education for persons with disabilities."
        ),
    },
    {
        "code": "se-promotion",
        "name_th": "กองทุนส่งเสริมวิสาหกิจเพื่อสังคม",
        "name_en": "Social Enterprise Promotion Fund",
        "short_name_th": "กองทุนวิสาหกิจเพื่อสังคม",
        "short_name_en": "SE Promotion Fund",
        "description_th": (
            "กองทุนตามพระราชบัญญัติส่งเสริมวิสาหกิจเพื่อสังคม พ.ศ. 2562 "
            "สนับสนุนวิสาหกิจเพื่อสังคมและกิจการที่สร้างผลลัพธ์ทางสังคม"
        ),
        "description_en": (
            "The fund under the Social Enterprise Promotion Act B.E. 2562 (2019); it supports "
            "social enterprises and undertakings that create social outcomes."
        ),
    },
]


def seed(apps, schema_editor):
    Fund = apps.get_model("funds", "Fund")
    for fund in FUNDS:
        Fund.objects.get_or_create(code=fund["code"], defaults=fund)


def unseed(apps, schema_editor):
    Fund = apps.get_model("funds", "Fund")
    Fund.objects.filter(code__in=[f["code"] for f in FUNDS], calls__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
