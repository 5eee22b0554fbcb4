from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jisr.demo.loader import DemoDataError, load_demo, load_demo_people, reset_demo


class Command(BaseCommand):
    help = "Load deterministic demo data: partner organizations, ~3,300 centers and the demo accounts (JISR_DEMO=1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete the demo data first, then load it again.")
        parser.add_argument(
            "--small",
            action="store_true",
            help="Load the small set (one Jisr center per province, the pilots, 21 in Rabat-Salé-Kénitra, "
            "200 other centers) for quick test setups.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]

        def report(message: str) -> None:
            if verbosity > 0:
                self.stdout.write(message)

        try:
            if options["reset"]:
                reset_demo(report=report)
            result = load_demo(small=options["small"], report=report)
            people = load_demo_people(small=options["small"], report=report)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if people and verbosity > 0:
            self.stdout.write(self.style.SUCCESS(_("Beneficiaries loaded: %(count)d") % {"count": people}))
        if not result.already_loaded and verbosity > 0:
            self.stdout.write(self.style.SUCCESS(_("Demo data loaded: %(counts)s") % {"counts": result.counts}))
