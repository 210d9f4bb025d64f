"""Restore a backup made by `backup` into an empty, migrated database, with its uploaded files."""

import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.core.management import BaseCommand, CommandError, call_command, get_commands
from django.db import transaction

from borders.models import Country
from projects.models import PilotAction
from resilient_borders.management.commands.backup import DERIVED, counted_models, file_roots


class Command(BaseCommand):
    help = "Restore a backup made by `backup`: run `migrate` first, on an empty database."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by `backup`")

    def handle(self, archive, **options):
        archive = Path(archive)
        if not archive.is_file():
            raise CommandError(f"No backup at {archive}.")
        if PilotAction.objects.exists() or Country.objects.exists():
            raise CommandError("This database already holds data: restore only into an empty, migrated database.")
        with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:gz") as tar:
            names = set(tar.getnames())
            if not {"manifest.json", "data.json"} <= names:
                raise CommandError(f"{archive} is not a backup made by `backup`.")
            tar.extractall(work, filter="data")
            manifest = json.loads((Path(work) / "manifest.json").read_text())
            with transaction.atomic():
                call_command("loaddata", str(Path(work) / "data.json"), verbosity=0)
                restored = counted_models()
                missing = {
                    label: (expected, restored.get(label))
                    for label, expected in manifest["counts"].items()
                    if restored.get(label) != expected
                }
                if missing:
                    raise CommandError(f"Rows differ after loading, nothing was restored: {missing}")
            for arcname, root in file_roots().items():
                if (Path(work) / arcname).is_dir():
                    shutil.copytree(Path(work) / arcname, root, dirs_exist_ok=True)
        commands = get_commands()
        for command in DERIVED.values():
            if command in commands:
                call_command(command, verbosity=0)
        total = sum(manifest["counts"].values())
        self.stdout.write(f"Restored {total:,} rows from {archive}, taken {manifest['created_at']}.")
