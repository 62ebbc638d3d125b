"""The hash chain is published in files anyone can keep: each entry's number, time, kind and
hashes, linked one to the next, and nothing about donors, pages or amounts."""

from __future__ import annotations

import csv
import gzip
import io

import pytest
from django.urls import reverse

from jfa.core.testing import give, make_page, make_user
from jfa.ledger.models import JournalEntry
from jfa.transparency import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def gifts(books, campaign):
    page = make_page(campaign, make_user("alice@example.com", "Alice"), country="US")
    return [give(page=page, amount_minor=1_000 + n) for n in range(5)]


def rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_a_file_links_every_entry_to_the_one_before_and_says_nothing_private(client, gifts):
    response = client.get(reverse("transparency:chain_file", args=[1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ledger-chain-0000001-0000005.csv"'
    assert response["Cache-Control"] == "public, max-age=60"  # the newest file still grows

    published = rows(response)
    entries = list(JournalEntry.objects.order_by("sequence"))
    assert [row["sequence"] for row in published] == [str(entry.sequence) for entry in entries] == list("12345")
    assert [(row["prev_hash"], row["hash"]) for row in published] == [(e.prev_hash, e.hash) for e in entries]
    assert all(row["kind"] == "gift" for row in published)
    for before, after in zip(published, published[1:], strict=False):
        assert after["prev_hash"] == before["hash"]
    text = response.content.decode()
    for private in ("Dana Donor", "dana@example.net", "alice@example.com", str(gifts[0].public_id), "10.00"):
        assert private not in text


def test_full_files_never_change_and_the_chain_past_its_end_is_not_there(client, gifts, monkeypatch):
    monkeypatch.setattr(queries, "CHAIN_BLOCK", 2)
    first, second, third = (client.get(reverse("transparency:chain_file", args=[n])) for n in (1, 2, 3))
    assert [row["sequence"] for row in rows(first)] == ["1", "2"]
    assert [row["sequence"] for row in rows(third)] == ["5"]
    assert first["Cache-Control"] == second["Cache-Control"] == "public, max-age=31536000, immutable"
    assert third["Cache-Control"] == "public, max-age=60"
    assert rows(second)[0]["prev_hash"] == rows(first)[-1]["hash"]  # the seam between files links too
    for past_the_end in (0, 4, 10**12):
        assert client.get(reverse("transparency:chain_file", args=[past_the_end])).status_code == 404

    report = client.get(reverse("transparency:report")).content.decode()
    assert "Keep a copy of the chain" in report
    for number, label in ((1, "Entries 1 to 2"), (2, "Entries 3 to 4"), (3, "Entries 5 to 5")):
        assert f'<a href="/transparency/chain/{number}.csv" download>{label}</a>' in report
    assert report.count("(growing)") == 1


def test_a_donor_downloads_the_file_that_holds_their_gift(client, gifts, monkeypatch):
    monkeypatch.setattr(queries, "CHAIN_BLOCK", 2)
    html = client.get(reverse("transparency:lookup"), {"reference": str(gifts[3].public_id)}).content.decode()
    assert '<a href="/transparency/chain/2.csv" download>' in html
    entry = JournalEntry.objects.get(idempotency_key=f"gift:{gifts[3].pk}")
    assert entry.hash in [row["hash"] for row in rows(client.get("/transparency/chain/2.csv"))]


def test_no_files_are_offered_before_the_first_entry(client, books, campaign):
    assert "Keep a copy of the chain" not in client.get(reverse("transparency:report")).content.decode()
    assert client.get(reverse("transparency:chain_file", args=[1])).status_code == 404


def test_a_file_comes_compressed_to_a_client_that_takes_it(client, gifts):
    plain = client.get(reverse("transparency:chain_file", args=[1]))
    packed = client.get(reverse("transparency:chain_file", args=[1]), HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert gzip.decompress(packed.content) == plain.content
