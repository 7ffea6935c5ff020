"""Trigram indexes for the proposal list's search (``name`` or ``number`` ``icontains``), on
PostgreSQL only; SQLite has no such index and skips this step.

Django compiles ``icontains`` on PostgreSQL to ``UPPER("name"::text) LIKE UPPER('%…%')``, so the
indexes are on that very expression: a plain trigram index on ``name`` would not serve it.
``pg_trgm`` is a trusted extension (PostgreSQL 13+): the database owner may create it."""

from django.db import migrations

INDEXES = (
    ("proposal_name_trgm", "name"),
    ("proposal_number_trgm", "number"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("proposals", "Proposal")._meta.db_table)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(index)} ON {table} "
            f"USING gin ((UPPER({schema_editor.quote_name(column)}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index)}")


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
