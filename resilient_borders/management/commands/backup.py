"""Write the whole programme (every table that holds data, and the uploaded files) into one .tar.gz."""

import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.utils import timezone

# Derived from the data, not data: each app's tables, and the command that rebuilds them after a restore (named,
# not imported: the search app sits above this one).
DERIVED = {"search": "rebuild_search_index"}
# Rebuilt by migrate on the target (content types, permissions), not worth keeping (sessions, login attempts), or
# derived (the search index, which migrate on the empty target has already begun with its seeded pages).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", *DERIVED]


def file_roots():
    """Where uploaded files live, by their folder in the archive: public media, and the private storage of report
    photos (originals included) and documents."""
    return {"media": settings.MEDIA_ROOT, "private-media": settings.PRIVATE_MEDIA_ROOT}


def counted_models():
    """Every model the backup carries, as app_label.ModelName, with its row count."""
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    counts = {}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in excluded_apps or label.lower() in excluded_models or model._meta.proxy:
            continue
        counts[label] = model._default_manager.count()
    return counts


class Command(BaseCommand):
    help = "Back up the data and the uploaded files, public and private, into one .tar.gz (restore it with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz to write, e.g. backups/portal-2026-11-25.tar.gz")

    def handle(self, archive, **options):
        archive = Path(archive)
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as work:
            data = Path(work) / "data.json"
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                natural_primary=True,
                output=str(data),
                verbosity=0,
            )
            manifest = Path(work) / "manifest.json"
            manifest.write_text(
                json.dumps({"created_at": timezone.now().isoformat(), "counts": counted_models()}, indent=1)
            )
            with tarfile.open(archive, "w:gz") as tar:
                tar.add(manifest, arcname="manifest.json")
                tar.add(data, arcname="data.json")
                for arcname, root in file_roots().items():
                    if Path(root).is_dir():
                        tar.add(root, arcname=arcname)
        self.stdout.write(f"Backed up to {archive} ({archive.stat().st_size:,} bytes).")
