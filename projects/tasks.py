from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from projects.printable_map import render_map

PRINTABLE_MAP_PATHS = {"pdf": "downloads/map.pdf", "png": "downloads/map.png"}


def store_printable_map():
    """Render the map in both formats into storage; running it again just rewrites the files."""
    for file_format, path in PRINTABLE_MAP_PATHS.items():
        content = ContentFile(render_map(file_format))
        if default_storage.exists(path):
            default_storage.delete(path)
        default_storage.save(path, content)
    return list(PRINTABLE_MAP_PATHS.values())


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def regenerate_printable_map():
    return store_printable_map()
