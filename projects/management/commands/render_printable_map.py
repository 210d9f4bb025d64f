from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from projects.tasks import store_printable_map


class Command(BaseCommand):
    help = "Render the printable map of the selected pilot actions (PDF and PNG, in every language) into storage now."

    def handle(self, *args, **options):
        for path in store_printable_map():
            self.stdout.write(f"{default_storage.path(path) if hasattr(default_storage, 'path') else path}")
