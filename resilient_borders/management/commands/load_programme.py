from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from borders.loading import load_borders, load_countries
from projects.loading import load_pilot_actions, load_reference_data
from webinars.loading import load_webinars


class Command(BaseCommand):
    help = (
        "Load the Resilient Borders programme: groups, themes, countries and borders, the pilot actions "
        "documented in public sources, and the webinars. Safe to run again: it adds what is missing and "
        "never overwrites what staff have changed."
    )

    # The data files are in English: with French active, modeltranslation would file them as French.
    @translation.override("en")
    def handle(self, *args, **options):
        # One transaction: all or nothing, and what reacts to changes (the printable map) runs once.
        with transaction.atomic():
            countries = load_countries()
            borders = load_borders()
            load_reference_data()
            pilot_actions = load_pilot_actions()
            webinars = load_webinars()
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Programme loaded: {countries} countries, {borders} borders, {pilot_actions} pilot actions "
                f"and {webinars} webinars added."
            )
        )
