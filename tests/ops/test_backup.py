"""Spec 07: a documented, tested backup and restore for the embedded SQLite default, uploaded
files included. Runs the commands of docs/operations.md on a demo installation."""

import shutil
import subprocess
import uuid

import pytest

from .conftest import run_python

PROBE = (
    "import django; django.setup(); "
    "from phonlap.organisations.models import Organisation; "
    "from phonlap.accounts.models import User; "
    "print(Organisation.objects.count(), User.objects.count()); "
    "from phonlap.accounts.models import Profile; "
    "p = Profile.objects.exclude(id_card_image='').first(); "
    "print(p.id_card_image.open('rb').read(8) if p else b'none')"
)


def test_sqlite_backup_and_restore_with_uploads(production_env, tmp_path):
    var = tmp_path / "var"
    env = {**production_env, "DJANGO_SETTINGS_MODULE": "phonlap.settings.development",
           "PHONLAP_VAR_DIR": str(var)}
    env.pop("DATABASE_URL")
    env.pop("CELERY_BROKER_URL")
    for step in (["manage.py", "migrate", "--noinput", "-v", "0"], ["manage.py", "load_demo"]):
        result = run_python(step, env, timeout=300)
        assert result.returncode == 0, result.stderr
    before = run_python(["-c", PROBE], env)
    assert before.returncode == 0, before.stderr
    organisations, users = (int(n) for n in before.stdout.split()[:2])
    assert organisations >= 12 and users >= 6  # the demo loaded (its organisations and accounts)

    # Backup, exactly as documented.
    backup = tmp_path / "backup"
    backup.mkdir()
    database = var / "phonlap.sqlite3"
    subprocess.run(["sqlite3", str(database), f".backup '{backup / 'phonlap.sqlite3'}'"], check=True)
    (var / "private").mkdir(exist_ok=True)
    subprocess.run(["tar", "-C", str(var), "-czf", str(backup / "private.tar.gz"), "private"], check=True)

    # Disaster: the database and the uploads are gone.
    database.unlink()
    shutil.rmtree(var / "private")

    # Restore, exactly as documented.
    shutil.copy(backup / "phonlap.sqlite3", database)
    check = subprocess.run(["sqlite3", str(database), "PRAGMA integrity_check;"],
                           capture_output=True, text=True, check=True)
    assert check.stdout.strip() == "ok"
    subprocess.run(["tar", "-C", str(var), "-xzf", str(backup / "private.tar.gz")], check=True)

    after = run_python(["-c", PROBE], env)
    assert after.returncode == 0, after.stderr
    assert after.stdout == before.stdout  # same rows, and the ID card image reads back


PG = "postgres://postgres@127.0.0.1:5432"


def _psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)


@pytest.mark.postgresql  # runs in the PostgreSQL leg of `make test` (tests/conftest.py)
def test_postgresql_backup_and_restore_with_uploads(production_env, tmp_path):
    suffix = uuid.uuid4().hex[:8]  # concurrent runs never share a database
    source, target = f"ops_backup_source_{suffix}", f"ops_backup_restored_{suffix}"
    for name in (source, target):
        _psql(f"DROP DATABASE IF EXISTS {name}")
    _psql(f"CREATE DATABASE {source}")
    var = tmp_path / "var"
    env = {**production_env, "DJANGO_SETTINGS_MODULE": "phonlap.settings.development",
           "PHONLAP_VAR_DIR": str(var), "DATABASE_URL": f"{PG}/{source}"}
    env.pop("CELERY_BROKER_URL")
    try:
        for step in (["manage.py", "migrate", "--noinput", "-v", "0"], ["manage.py", "load_demo"]):
            result = run_python(step, env, timeout=300)
            assert result.returncode == 0, result.stderr
        before = run_python(["-c", PROBE], env)
        assert before.returncode == 0, before.stderr

        dump = tmp_path / "phonlap.dump"
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"{PG}/{source}"],
                       check=True)
        (var / "private").mkdir(exist_ok=True)
        archive = tmp_path / "private.tar.gz"
        subprocess.run(["tar", "-C", str(var), "-czf", str(archive), "private"], check=True)
        shutil.rmtree(var / "private")

        _psql(f"CREATE DATABASE {target}")
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={PG}/{target}", str(dump)], check=True)
        subprocess.run(["tar", "-C", str(var), "-xzf", str(archive)], check=True)

        after = run_python(["-c", PROBE], {**env, "DATABASE_URL": f"{PG}/{target}"})
        assert after.returncode == 0, after.stderr
        assert after.stdout == before.stdout
    finally:
        for name in (source, target):
            _psql(f"DROP DATABASE IF EXISTS {name}")
