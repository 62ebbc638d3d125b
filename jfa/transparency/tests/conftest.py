from __future__ import annotations

import pytest

from jfa.ledger.gifts import setup_books
from jfa.partners.models import Partner


@pytest.fixture
def books(db):
    Partner.objects.get_or_create(
        slug="ijm-canada", defaults={"name": "International Justice Mission Canada", "country": "CA"}
    )
    return setup_books()
