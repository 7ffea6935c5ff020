from django.db import migrations

from phonlap.accounts import matrix


def seed(apps, schema_editor):
    cell = apps.get_model("accounts", "PermissionCell")
    cell.objects.bulk_create(
        [cell(row=row, role=role, scope=scope) for (row, role), scope in matrix.default_cells().items()],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
