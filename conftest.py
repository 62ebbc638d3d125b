"""Shared test fixtures: a running campaign and a small named cast.

Alice (US advocate, captain of "Tie One On"), Bob (Canadian advocate), Charlie (signed up, no page),
and Staff. Gifts go through the real actions and the sandbox provider.
"""

from __future__ import annotations

import datetime
import os
import shutil

import pytest
import time_machine

from jfa.core.testing import make_page, make_user

# Playwright's sync API runs an event loop in the test thread; the ORM calls our tests make
# beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these flags Chromium keeps trying to reach Google's services, which a closed
# network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The moment every test starts at: registration for the 2026 campaign is open and its first day
# has not begun anywhere on Earth. Without it a test's outcome would hang on the day, even the hour,
# it runs (the campaign ends, or 1 December begins in Kiribati). Tests that need another moment
# move the clock themselves with the `time_machine` fixture.
SUITE_CLOCK = datetime.datetime(2026, 11, 25, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _suite_clock():
    # tick=True: the clock still moves, so "newest first" and rate-limit windows behave as live.
    with time_machine.travel(SUITE_CLOCK, tick=True):
        yield


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's package, driven by Playwright) for every browser test of the
    run: Playwright's sync API allows one driver per thread, so each suite must not start its own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def pytest_collection_modifyitems(config, items):
    """Tests of PostgreSQL-only database rules run in the PostgreSQL pass of the suite (CI runs
    both); on SQLite they are deselected rather than reported as skipped."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    deselected = [item for item in items if item.get_closest_marker("postgresql") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in French leaves French active in the test's thread (the locale middleware
    activates a language and nothing resets it), which would change later tests' messages."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def campaign(db):
    from jfa.campaigns.models import Campaign, ImpactTier
    from jfa.ledger.gifts import setup_books
    from jfa.partners.models import Partner

    Partner.objects.get_or_create(
        slug="ijm-canada", defaults={"name": "International Justice Mission Canada", "country": "CA"}
    )
    Partner.objects.get_or_create(slug="ijm", defaults={"name": "International Justice Mission", "country": "US"})
    setup_books()

    campaign = Campaign.objects.create(
        name="Dress for Freedom 2026",
        slug="dress-for-freedom-2026",
        year=2026,
        registration_opens_on=datetime.date(2026, 10, 1),
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2026, 12, 31),
        goal_minor=10_000_000,
        goal_currency="USD",
    )
    ImpactTier.objects.create(
        campaign=campaign, currency="USD", amount_minor=3000, description="can provide a trauma therapy session"
    )
    ImpactTier.objects.create(
        campaign=campaign, currency="CAD", amount_minor=4000, description="can provide a trauma therapy session"
    )
    return campaign


@pytest.fixture
def staff(db):
    return make_user("staff@example.org", "Staff", is_staff=True, is_superuser=True)


@pytest.fixture
def alice(db):
    return make_user("alice@example.org", "Alice")


@pytest.fixture
def bob(db):
    return make_user("bob@example.org", "Bob")


@pytest.fixture
def charlie(db):
    return make_user("charlie@example.org", "Charlie")


@pytest.fixture
def alice_page(campaign, alice):
    return make_page(campaign, alice, country="US")


@pytest.fixture
def bob_page(campaign, bob):
    return make_page(campaign, bob, country="CA")


@pytest.fixture
def team(campaign, alice, alice_page):
    from jfa.campaigns.actions import create_team

    return create_team(
        campaign=campaign, captain=alice, name="Tie One On", description="", goal_minor=500_000, currency="USD"
    )


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    wants = {"transactional_db", "live_server"} & set(request.fixturenames)
    return bool(wants) or bool(marker and marker.kwargs.get("transaction"))


@pytest.fixture(autouse=True)
def _books_survive_the_flush(request):
    """Transactional tests end with Django flushing every table. On SQLite that flush is a DELETE,
    which the ledger's append-only triggers rightly refuse; so for those tests the triggers are
    lifted just before the flush and put back at the start of the next one (on PostgreSQL the
    flush is a TRUNCATE, which the triggers allow). The flush also empties the chain head row
    that a migration created, so it is put back too."""
    if not _is_transactional(request):
        yield
        return
    import importlib

    from django.db import connection

    from jfa.ledger.models import ChainHead

    # The latest migration that changed the SQLite rules holds the whole current set.
    rules = importlib.import_module("jfa.ledger.migrations.0008_leaner_posting_checks")
    request.getfixturevalue("transactional_db")
    ChainHead.objects.get_or_create(id=1)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ledger_%'")
            if cursor.fetchone()[0] == 0:
                for sql in rules.SQLITE_FORWARD:
                    cursor.execute(sql)
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in rules.SQLITE_BACKWARD:
                cursor.execute(sql)
