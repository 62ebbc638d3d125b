"""Is my gift in the ledger? A donor's reference shows their entry's place in the chain, and nothing
about anyone."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from jfa.core.testing import give, make_page, make_user
from jfa.ledger.models import JournalEntry


@pytest.fixture
def gift(books, campaign):
    page = make_page(campaign, make_user("alice@example.com", "Alice"), country="US")
    return give(page=page, amount_minor=5_000)


def test_a_donor_finds_their_gift_by_reference(client, gift):
    entry = JournalEntry.objects.get(idempotency_key=f"gift:{gift.pk}")

    response = client.get(reverse("transparency:lookup"), {"reference": str(gift.public_id)})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Yes: your gift is in the books" in html
    assert entry.hash in html
    assert entry.prev_hash in html
    assert f"#{entry.sequence} of" in html
    assert "US$50.00" in html
    # Nothing personal: not the donor, not their email, not the advocate's page owner.
    for private in ("Dana Donor", "dana@example.net", "alice@example.com"):
        assert private not in html


def test_a_french_donor_reads_the_fund_in_french(client, gift):
    response = client.get(reverse("transparency:lookup"), {"reference": str(gift.public_id)}, HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()

    assert "<dd>Fonds mondial de subventions</dd>" in html
    assert "Global grant pool" not in html
    # Recorded on the site's clock, which it names: a donor in Vancouver reads it as Toronto time.
    recorded = JournalEntry.objects.get(idempotency_key=f"gift:{gift.pk}").recorded_at
    zone = "HAE" if timezone.localtime(recorded).dst() else "HNE"
    assert f" {zone}</dd>" in html


def test_an_unknown_reference_finds_nothing(client, books):
    response = client.get(reverse("transparency:lookup"), {"reference": str(uuid.uuid4())})

    assert "We could not find a completed gift with that reference." in response.content.decode()


def test_a_malformed_reference_is_explained(client, db):
    response = client.get(reverse("transparency:lookup"), {"reference": "not-a-reference"})
    html = response.content.decode()

    assert '<p class="error" role="alert">Enter the reference exactly as it appears in your email.</p>' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_reference_helptext id_reference_error"' in html
    assert '<div id="id_reference_error"><p class="error"' in html
    assert '<p class="help" id="id_reference_helptext">It is in your thank-you email' in html
    assert 'autocomplete="off"' in html and 'spellcheck="false"' in html
