"""The open data API says where the hash chain stands: its length, newest hash and files."""

from __future__ import annotations

import pytest

from jfa.core.testing import give, make_page, make_user
from jfa.ledger.models import JournalEntry
from jfa.transparency import queries

pytestmark = pytest.mark.django_db


def test_the_api_gives_the_newest_hash_and_every_file(client, books, campaign, monkeypatch):
    assert client.get("/api/ledger/chain").json() == {
        "length": 0,
        "head_hash": "0" * 64,
        "file_size": 10_000,
        "files": [],
    }
    page = make_page(campaign, make_user("alice@example.com", "Alice"), country="US")
    for n in range(3):
        give(page=page, amount_minor=1_000 + n)
    monkeypatch.setattr(queries, "CHAIN_BLOCK", 2)
    newest = JournalEntry.objects.order_by("-sequence").first()
    assert client.get("/api/ledger/chain").json() == {
        "length": 3,
        "head_hash": newest.hash,
        "file_size": 2,
        "files": [
            {"number": 1, "first_sequence": 1, "last_sequence": 2, "full": True, "url": "/transparency/chain/1.csv"},
            {"number": 2, "first_sequence": 3, "last_sequence": 3, "full": False, "url": "/transparency/chain/2.csv"},
        ],
    }
    assert "/api/ledger/chain" in client.get("/api/openapi.json").json()["paths"]
