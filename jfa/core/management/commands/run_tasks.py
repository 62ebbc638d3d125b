import time

from django.core.management.base import BaseCommand

from jfa.core.tasks import claim, purge_done, run_tasks

PURGE_EVERY_SECONDS = 600


class Command(BaseCommand):
    help = "Run queued tasks (emails after a gift). Run as many workers as needed, on any machine."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--once", action="store_true", help="run what is due now, then stop")
        parser.add_argument("--batch", type=int, default=100, help="the most tasks taken at once")
        parser.add_argument("--idle-sleep", type=float, default=1.0, help="seconds to wait when nothing is due")
        parser.add_argument(
            "--gather",
            type=float,
            default=0.1,
            help="seconds to let tasks gather after a batch smaller than --batch (emails wait at most this more)",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        next_purge = time.monotonic()
        while True:
            tasks = claim(limit=options["batch"])
            ran = run_tasks(tasks)
            if options["once"]:
                self.stdout.write(f"{ran} task(s) ran")
                return
            if len(tasks) == options["batch"]:
                continue  # more are waiting: take them at once
            if tasks:
                # A few came in: let more gather, so that a batch's fixed cost (its queries, the
                # mail connection) is shared by many emails during a rush of gifts.
                time.sleep(options["gather"])
                continue
            # Housekeeping only when idle, so it never slows a rush of gift emails.
            if time.monotonic() >= next_purge:
                purge_done()
                next_purge = time.monotonic() + PURGE_EVERY_SECONDS
            time.sleep(options["idle_sleep"])
