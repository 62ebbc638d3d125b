from django.core.management.base import BaseCommand, CommandError

from jfa.donations.checks import compare_totals_with_ledger


class Command(BaseCommand):
    help = "Check that every page, team and campaign total equals the net gifts the ledger records."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        mismatches = compare_totals_with_ledger()
        for mismatch in mismatches:
            self.stderr.write(str(mismatch))
        if mismatches:
            raise CommandError(f"{len(mismatches)} total(s) differ from the ledger")
        self.stdout.write(self.style.SUCCESS("Every page, team and campaign total equals the ledger."))
