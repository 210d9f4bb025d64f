from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "Rebuild the search index from the public content (pilot actions, reports, outputs, webinars…)."

    def handle(self, *args, **options):
        total = indexing.rebuild()
        self.stdout.write(f"{total} search entries.")
