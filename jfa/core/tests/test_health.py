"""/health/: what a load balancer asks each app process before sending it donors."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from jfa.core.models import Task
from jfa.core.tasks import MAX_ATTEMPTS

pytestmark = pytest.mark.django_db


def test_a_healthy_process_answers_ok_and_is_never_cached(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "tasks_late": 0, "tasks_failed": 0}
    assert "no-cache" in response["Cache-Control"]


def test_late_and_failed_background_work_is_reported_without_failing_the_check(client):
    now = timezone.now()
    Task.objects.create(name="late", run_after=now - datetime.timedelta(minutes=6))
    Task.objects.create(name="due now", run_after=now)
    Task.objects.create(name="done", run_after=now - datetime.timedelta(hours=1), done_at=now)
    Task.objects.create(
        name="gave up", run_after=now + datetime.timedelta(days=3650), attempts=MAX_ATTEMPTS, last_error="refused"
    )
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["tasks_late"] == 1
    assert response.json()["tasks_failed"] == 1


def test_a_process_that_cannot_reach_the_shared_cache_is_taken_out(client, settings):
    # A real Redis client pointed at a port nothing listens on.
    settings.CACHES = {"default": {"BACKEND": "jfa.core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_the_probe_is_answered_over_plain_http_when_the_site_redirects_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get("/privacy/").status_code == 301


def test_the_probe_only_reads(client):
    assert client.post("/health/").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_many_processes_probing_at_once_all_hear_ok():
    """Each probe writes and reads a cache key of its own: a shared key would let one probe read
    another's value and report a healthy process as down."""
    from django.test import Client

    from jfa.donations.tests.test_concurrency import run_in_threads

    statuses: list[int] = []
    errors = run_in_threads(32, lambda n: statuses.append(Client().get("/health/").status_code))
    assert errors == []
    assert statuses == [200] * 32
