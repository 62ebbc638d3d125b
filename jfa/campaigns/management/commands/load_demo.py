from django.core.management.base import BaseCommand

from jfa.campaigns.demo import ADVOCATE_EMAIL, ADVOCATE_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo campaign: partners, advocates, teams and gifts. Running it again changes nothing."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--donations", type=int, default=520, help="number of demo gifts (default 520)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = load_demo(donation_count=options["donations"])
        self.stdout.write(
            f"Demo campaign '{result.campaign.name}': {result.advocates} advocate pages, "
            f"{result.teams} teams, {result.donations} gifts, {result.returned} returned, "
            f"{result.dress_log_photos} dress-log photos."
        )
        self.stdout.write(self.style.SUCCESS(f"Staff login: {STAFF_EMAIL} / {STAFF_PASSWORD}  (admin at /admin/)"))
        self.stdout.write(
            self.style.SUCCESS(f"Advocate login: {ADVOCATE_EMAIL} / {ADVOCATE_PASSWORD}  (sign in at /accounts/login/)")
        )
