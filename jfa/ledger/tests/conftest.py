from __future__ import annotations

import pytest
from django.db import connection

from jfa.ledger.gifts import Books, setup_books
from jfa.partners.models import Partner


@pytest.fixture
def immediate_constraints(db):
    """On PostgreSQL, check the deferred balance trigger at each statement, not at a commit that a
    rolled-back test never reaches."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def ijm_canada(db) -> Partner:
    return Partner.objects.get_or_create(
        slug="ijm-canada", defaults={"name": "International Justice Mission Canada", "country": "CA"}
    )[0]


@pytest.fixture
def books(db, ijm_canada, immediate_constraints) -> dict[str, Books]:
    return setup_books()


@pytest.fixture
def us(books) -> Books:
    return books["us-foundation"]


@pytest.fixture
def ca(books) -> Books:
    return books["ijm-canada"]
