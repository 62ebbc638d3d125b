"""Proof that the running totals shown on pages equal what the books say."""

from __future__ import annotations

from dataclasses import dataclass

from jfa.campaigns.models import AdvocatePage, Campaign, Team
from jfa.ledger.gifts import ledger_total_for

from .models import TotalScope
from .totals import all_totals


@dataclass(frozen=True)
class Mismatch:
    scope: str
    scope_id: int
    running: dict[str, int]
    ledger: dict[str, int]

    def __str__(self) -> str:
        return f"{self.scope} {self.scope_id}: totals say {self.running}, the ledger says {self.ledger}"


def compare_totals_with_ledger() -> list[Mismatch]:
    """Every page, team and campaign whose running total differs from its net gifts in the ledger."""
    mismatches = []
    scopes = [
        (TotalScope.PAGE, AdvocatePage.objects.values_list("pk", flat=True)),
        (TotalScope.TEAM, Team.objects.values_list("pk", flat=True)),
        (TotalScope.CAMPAIGN, Campaign.objects.values_list("pk", flat=True)),
    ]
    for scope, ids in scopes:
        running = all_totals(scope)
        for scope_id in ids:
            kept = {c: a for c, a in (running[scope_id].amounts if scope_id in running else {}).items() if a}
            books = {c: a for c, a in ledger_total_for(scope.value, scope_id).items() if a}
            if kept != books:
                mismatches.append(Mismatch(scope.value, scope_id, kept, books))
    return mismatches
