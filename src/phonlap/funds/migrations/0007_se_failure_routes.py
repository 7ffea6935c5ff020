"""The SE Promotion Fund's failure routes (spec 03 gives the disability education fund's, where
every failure returns the proposal; the SE fund's are our reading): its committee's "not passed"
lets the applicant submit a new revision (status "not passed"), and its board's rejection is the
fund's final word (status "rejected")."""

from django.db import migrations

ROUTES = {"committee": "not_passed", "board": "rejected"}


def apply(apps, schema_editor):
    ReviewStage = apps.get_model("funds", "ReviewStage")
    for code, route in ROUTES.items():
        ReviewStage.objects.filter(fund__code="se-promotion", code=code).update(on_fail=route)


def revert(apps, schema_editor):
    ReviewStage = apps.get_model("funds", "ReviewStage")
    ReviewStage.objects.filter(fund__code="se-promotion", code__in=ROUTES).update(on_fail="returned")


class Migration(migrations.Migration):
    dependencies = [("funds", "0006_seed_pipelines")]
    operations = [migrations.RunPython(apply, revert)]
