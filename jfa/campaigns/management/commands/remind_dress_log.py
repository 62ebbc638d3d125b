from django.core.management.base import BaseCommand

from jfa.campaigns.actions import queue_dress_log_reminders
from jfa.campaigns.queries import current_campaign


class Command(BaseCommand):
    help = (
        "Queue today's reminders to post a dress-log photo (advocates with none yet). Run it once "
        "every evening of the campaign; running it again, or on two machines, sends nothing twice."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        queued = queue_dress_log_reminders(campaign=current_campaign())
        self.stdout.write(f"{queued} reminder(s) queued")
