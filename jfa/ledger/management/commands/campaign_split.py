"""manage.py campaign_split --year 2026: the real split of a campaign year, from the books."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from jfa.ledger.queries import campaign_split


class Command(BaseCommand):
    help = "Print gifts, refunds, fees and who paid them, and what is held per fund, for a campaign year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, **options):
        split = campaign_split(year=options["year"])
        if not split.campaign_names:
            raise CommandError(f"No campaign in {options['year']}.")
        self.stdout.write(f"Campaign year {split.year}: {', '.join(split.campaign_names)}")
        if split.is_empty:
            self.stdout.write("No gifts in the books yet.")
        for part in split.currencies:
            self.stdout.write("")
            self.stdout.write(f"== {part.currency} ==")
            rows = [
                (f"Gifts ({part.gift_count})", part.gifts),
                ("Refunded", part.refunds),
                ("Disputed", part.disputes),
                ("Held in restricted funds", part.held),
                ("Processing fees", part.fees),
                ("  paid by donors who covered them", part.fees_paid_by_donors),
                ("  paid by the operating fund", part.fees_paid_by_operating_fund),
                ("Operating gifts and sponsorships", part.operating_gifts),
            ]
            rows += [
                (f"Held: {fund.fund_name}" + (f" ({fund.partner_name})" if fund.partner_name else ""), fund.held)
                for fund in part.funds
            ]
            width = max(len(label) for label, _money in rows)
            for label, money in rows:
                self.stdout.write(f"{label:<{width}}  {money.format():>16}")
            taken = part.held.minor + part.refunds.minor + part.disputes.minor
            check = "yes" if taken == part.gifts.minor else "NO"
            self.stdout.write(f"100% of gifts in restricted funds or returned to donors: {check}")
