"""Spec 07: a health endpoint reports database and queue status."""

import pytest
from django.urls import resolve

pytestmark = pytest.mark.django_db

LIVE_REDIS = "redis://127.0.0.1:6379/15"
DEAD_BROKER = "redis://127.0.0.1:1/0"


def test_without_a_broker_the_queue_is_eager(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "eager"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_with_a_live_redis_broker_the_queue_is_ok(client, settings):
    settings.CELERY_BROKER_URL = LIVE_REDIS
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}


def test_with_a_dead_broker_health_is_503_unreachable(client, settings):
    settings.CELERY_BROKER_URL = DEAD_BROKER
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "queue": "unreachable"}


def test_health_needs_no_sign_in_and_is_matrix_exempt(client):
    assert client.get("/health/").status_code == 200
    assert resolve("/health/").func.matrix_exempt
    assert resolve("/demo/mailbox/").func.matrix_exempt
