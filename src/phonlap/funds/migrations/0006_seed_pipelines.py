"""The shipped rubrics (version 1) and the two funds' review pipelines (spec 03 "Pipeline").

Rubric definitions come from ``phonlap.funds.rubrics``; a change to a shipped rubric is a new
version (a new migration), never an edit of version 1, which results may already use."""

from django.db import migrations

PIPELINES = {
    "disability-education": [
        # order, code, Thai, English, decided by, form, rubric code
        (0, "screening", "การคัดกรองโครงการและตรวจเอกสาร", "Screening and document check",
         "staff", "screening", "def-screening"),
        (1, "working_group", "คณะทำงาน", "Working group", "meeting", "rubric", "def-committee"),
        (2, "subcommittee", "คณะอนุกรรมการ", "Subcommittee", "meeting", "rubric", "def-committee"),
        (3, "board", "คณะกรรมการบริหาร", "Board", "meeting", "approval", None),
    ],
    "se-promotion": [
        (0, "screening", "การคัดกรองโครงการและตรวจเอกสาร", "Screening and document check",
         "staff", "screening", "def-screening"),
        (1, "committee", "คณะอนุกรรมการพิจารณาโครงการ", "Project review subcommittee",
         "meeting", "rubric", "se-criteria"),
        (2, "board", "คณะกรรมการบริหารกองทุน", "Fund board", "meeting", "approval", None),
    ],
}


def seed(apps, schema_editor):
    from phonlap.funds.rubrics import SHIPPED

    Fund = apps.get_model("funds", "Fund")
    Rubric = apps.get_model("funds", "Rubric")
    ReviewStage = apps.get_model("funds", "ReviewStage")
    rubrics = {}
    for code, definition in SHIPPED.items():
        rubrics[code], _ = Rubric.objects.get_or_create(
            code=code, version=definition.get("version", 1),
            defaults={"name_th": definition["name_th"], "name_en": definition.get("name_en", ""),
                      "definition": definition},
        )
    for fund_code, stages in PIPELINES.items():
        fund = Fund.objects.filter(code=fund_code).first()
        if fund is None:
            continue
        for order, code, name_th, name_en, decided_by, form, rubric in stages:
            ReviewStage.objects.get_or_create(
                fund=fund, order=order,
                defaults={"code": code, "name_th": name_th, "name_en": name_en,
                          "decided_by": decided_by, "form": form,
                          "rubric": rubrics.get(rubric), "on_fail": "returned"},
            )


class Migration(migrations.Migration):
    dependencies = [("funds", "0005_rubric_reviewstage")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
