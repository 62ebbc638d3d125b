import time

from django.core.management.base import BaseCommand

from jfa.core.tasks import purge_done, run_due_tasks

PURGE_EVERY_SECONDS = 600


class Command(BaseCommand):
    help = "Run queued tasks (emails after a gift). Run as many workers as needed, on any machine."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--once", action="store_true", help="run what is due now, then stop")
        parser.add_argument("--batch", type=int, default=50)
        parser.add_argument("--idle-sleep", type=float, default=1.0, help="seconds to wait when nothing is due")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        next_purge = time.monotonic()
        while True:
            ran = run_due_tasks(limit=options["batch"])
            if options["once"]:
                self.stdout.write(f"{ran} task(s) ran")
                return
            if not ran:
                # Housekeeping only when idle, so it never slows a rush of gift emails.
                if time.monotonic() >= next_purge:
                    purge_done()
                    next_purge = time.monotonic() + PURGE_EVERY_SECONDS
                time.sleep(options["idle_sleep"])
