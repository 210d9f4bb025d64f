from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from projects.tasks import store_printable_map


class Command(BaseCommand):
    help = (
        "Draw a new edition of the printable map of the selected pilot actions (PDF and PNG) into storage now: in the "
        "content languages, the interface's other languages following on their first request, or in every language "
        "with --all-languages."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all-languages",
            action="store_true",
            help="Draw it in every language of the interface now (about 3 s a language).",
        )

    def handle(self, *args, all_languages=False, **options):
        languages = [code for code, _name in settings.LANGUAGES] if all_languages else None
        for path in store_printable_map(languages):
            self.stdout.write(f"{default_storage.path(path) if hasattr(default_storage, 'path') else path}")
