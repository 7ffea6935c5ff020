"""The job queue: eager (in-process) without a broker, the Redis broker when one is set."""

from phonlap.celery import app

from .conftest import run_python

CONFIG = (
    "import django; django.setup(); from phonlap.celery import app; "
    "print(app.conf.task_always_eager, app.conf.broker_url)"
)


def test_without_a_broker_tasks_run_eagerly_in_process():
    assert app.conf.task_always_eager is True


def test_with_a_broker_url_tasks_go_to_redis(production_env):
    result = run_python(["-c", CONFIG], production_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "redis://127.0.0.1:6379/15"]


def test_development_without_a_broker_is_eager(production_env):
    env = {**production_env, "DJANGO_SETTINGS_MODULE": "phonlap.settings.development"}
    del env["CELERY_BROKER_URL"]
    result = run_python(["-c", CONFIG], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


def test_the_mail_task_is_registered_with_the_app():
    assert "phonlap.core.tasks.send_email" in app.tasks


def test_queue_config_decides_eager_or_broker():
    from phonlap.celery import queue_config

    assert queue_config("") == {"broker_url": "memory://", "task_always_eager": True}
    assert queue_config("redis://r:6379/0") == {"broker_url": "redis://r:6379/0", "task_always_eager": False}


def test_eager_mode_uses_the_in_process_transport():
    # Not AMQP on localhost: nothing is attempted over the network without a broker.
    assert app.conf.broker_url == "memory://"
