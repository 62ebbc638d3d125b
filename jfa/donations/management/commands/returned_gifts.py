"""manage.py returned_gifts --year 2026: the gifts returned to donors that a Canadian charity must
list with its annual return (refunds and disputes of Canadian gifts of CA$50 or more), as CSV."""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand

from jfa.core.spreadsheets import inert
from jfa.donations.queries import returned_gifts

COLUMNS = [
    "returned_on",
    "kind",
    "amount",
    "currency",
    "gift_reference",
    "gift_date",
    "gift_amount",
    "donor_name",
    "donor_email",
    "reason",
    "ledger_entry",
]


class Command(BaseCommand):
    help = "List, as CSV, the refunds and disputes flagged for the returned-gift report in a year."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        lines = returned_gifts(year=options["year"])
        for line in lines:
            writer.writerow(
                [
                    line.returned_on.isoformat(),
                    line.kind,
                    line.amount.as_decimal(),
                    line.amount.currency,
                    line.gift_reference,
                    line.gift_date.isoformat() if line.gift_date else "",
                    line.gift_amount.as_decimal(),
                    inert(line.donor_name),
                    inert(line.donor_email),
                    inert(line.reason),
                    line.entry_sequence,
                ]
            )
        self.stderr.write(f"{len(lines)} returned gift(s) in {options['year']}.")
