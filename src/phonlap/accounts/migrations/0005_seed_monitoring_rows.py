from django.db import migrations

from phonlap.accounts import matrix

ROWS = ("13.1", "13.2", "13.3", "13.4", "13.5")


def seed(apps, schema_editor):
    """Add the monitoring rows' default cells (existing cells are left as edited)."""
    cell = apps.get_model("accounts", "PermissionCell")
    cell.objects.bulk_create(
        [cell(row=row, role=role, scope=scope)
         for (row, role), scope in matrix.default_cells().items() if row in ROWS],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    apps.get_model("accounts", "PermissionCell").objects.filter(row__in=ROWS).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_seed_policy_versions")]
    operations = [migrations.RunPython(seed, unseed)]
