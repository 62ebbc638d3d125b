"""Readable helpers for the ledger's worked-example tests."""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import connection

from jfa.core.money import Money
from jfa.ledger.gifts import Books
from jfa.ledger.models import Account, JournalEntry, Posting
from jfa.ledger.queries import trial_balance

DECEMBER_3 = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)

_ids = itertools.count(1000)


def next_id() -> int:
    """Donation, page and team ids for gifts that need no real rows (the ledger has no FKs to them)."""
    return next(_ids)


def usd(dollars: str | int) -> Money:
    return _money(dollars, "USD")


def cad(dollars: str | int) -> Money:
    return _money(dollars, "CAD")


def _money(dollars: str | int, currency: str) -> Money:
    whole, _dot, cents = str(dollars).partition(".")
    return Money(int(whole) * 100 + int((cents + "00")[:2]), currency)


def postings_of(entry: JournalEntry) -> list[tuple[str, str, int]]:
    """[(account role or code, "Dr"/"Cr", minor units)] in line order: easy to read in assertions."""
    return [
        (posting.account.role, "Dr" if posting.debit_minor else "Cr", posting.debit_minor or posting.credit_minor)
        for posting in entry.postings.select_related("account").order_by("line")
    ]


def assert_books_balance() -> None:
    """Every entry balances and the trial balance is level in every currency."""
    for books in trial_balance().values():
        assert books.is_balanced, books.currency
    per_entry: dict[int, int] = {}
    for entry_id, debit, credit in Posting.objects.values_list("entry_id", "debit_minor", "credit_minor"):
        per_entry[entry_id] = per_entry.get(entry_id, 0) + debit - credit
    assert all(total == 0 for total in per_entry.values())


def books_snapshot() -> tuple:
    """Everything a refused entry must leave untouched."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sequence, hash FROM ledger_chainhead WHERE id = 1")
        head = cursor.fetchone()
    return (
        JournalEntry.objects.count(),
        Posting.objects.count(),
        tuple(Account.objects.order_by("id").values_list("id", "balance_minor")),
        head,
    )


def balance(books: Books, role: str) -> int:
    return Account.objects.get(pk=books.accounts[role].pk).balance_minor
