"""manage.py verify_ledger: prove the books were not changed behind the application's back."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from jfa.ledger.verify import verify_ledger


class Command(BaseCommand):
    help = "Verify the ledger's hash chain, every entry's balance and every account's running balance."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        result = verify_ledger(using=options["database"])
        if not result.ok:
            raise CommandError(f"Ledger verification FAILED: {result.problem} (first bad entry #{result.bad_sequence})")
        self.stdout.write(
            self.style.SUCCESS(
                f"Ledger OK: {result.entries} entries verified in {result.seconds:.2f}s "
                f"({result.entries_per_second:,.0f} entries/s)."
            )
        )
