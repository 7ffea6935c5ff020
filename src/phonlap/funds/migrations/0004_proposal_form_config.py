"""Ship each fund's proposal form as data (spec 02): the disability education fund asks for the
disability types; the SE promotion fund for the social groups an enterprise serves."""

from django.db import migrations

DISABILITY_EDUCATION = {
    "number_prefix": "DEF",
    "target_group_label_th": "ประเภทความพิการ",
    "target_group_label_en": "Disability types",
    "target_groups": [
        {"code": "visual", "name_th": "การมองเห็น", "name_en": "Visual impairment"},
        {"code": "hearing", "name_th": "การได้ยินหรือสื่อความหมาย",
         "name_en": "Hearing or communication impairment"},
        {"code": "physical", "name_th": "การเคลื่อนไหวหรือทางร่างกาย",
         "name_en": "Physical or mobility impairment"},
        {"code": "mental", "name_th": "จิตใจหรือพฤติกรรม", "name_en": "Mental or behavioural disability"},
        {"code": "intellectual", "name_th": "สติปัญญา", "name_en": "Intellectual disability"},
        {"code": "learning", "name_th": "การเรียนรู้", "name_en": "Learning disability"},
        {"code": "autism", "name_th": "ออทิสติก", "name_en": "Autism"},
    ],
    "required_attachment_types": ["expense_table", "training_schedule", "speaker_cvs"],
    "form_sections": [1, 2, 3, 4],
}

SE_PROMOTION = {
    "number_prefix": "SEF",
    "target_group_label_th": "กลุ่มเป้าหมาย",
    "target_group_label_en": "Target groups",
    "target_groups": [
        {"code": "disabled", "name_th": "คนพิการ", "name_en": "Persons with disabilities"},
        {"code": "elderly", "name_th": "ผู้สูงอายุ", "name_en": "Older persons"},
        {"code": "low_income", "name_th": "ผู้มีรายได้น้อย", "name_en": "Low-income people"},
        {"code": "youth", "name_th": "เด็กและเยาวชน", "name_en": "Children and youth"},
        {"code": "community", "name_th": "ชุมชนท้องถิ่น", "name_en": "Local communities"},
        {"code": "vulnerable", "name_th": "กลุ่มเปราะบางอื่น ๆ", "name_en": "Other vulnerable groups"},
    ],
    "required_attachment_types": ["expense_table"],
    "form_sections": [1, 2, 3, 4],
}

CONFIG = {"disability-education": DISABILITY_EDUCATION, "se-promotion": SE_PROMOTION}


def configure(apps, schema_editor):
    Fund = apps.get_model("funds", "Fund")
    for code, values in CONFIG.items():
        Fund.objects.filter(code=code).update(**values)


class Migration(migrations.Migration):
    dependencies = [("funds", "0003_proposal_form")]
    operations = [migrations.RunPython(configure, migrations.RunPython.noop)]
