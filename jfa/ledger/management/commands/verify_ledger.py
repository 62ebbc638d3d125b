"""manage.py verify_ledger: prove the books were not changed behind the application's back."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from jfa.ledger.verify import verify_ledger


class Command(BaseCommand):
    help = "Verify the ledger's hash chain, every entry's balance and every account's running balance."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="connections checking parts of the chain at once (default: one per core)",
        )

    def handle(self, *args, **options):
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers must be 1 or more")
        result = verify_ledger(using=options["database"], workers=options["workers"])
        if not result.ok:
            raise CommandError(f"Ledger verification FAILED: {result.problem} (first bad entry #{result.bad_sequence})")
        self.stdout.write(
            self.style.SUCCESS(
                f"Ledger OK: {result.entries} entries verified in {result.seconds:.2f}s "
                f"({result.entries_per_second:,.0f} entries/s)."
            )
        )
