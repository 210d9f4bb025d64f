from io import BytesIO

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.dispatch import receiver
from django.utils import translation
from PIL import Image, ImageOps

from core.pagecache import content_changed, content_version
from projects.filters import PilotActionFilter
from projects.geography_views import map_shapes_ahead
from projects.geojson import cached_extent
from projects.models import THUMBNAIL_SIDE, WEB_IMAGE_SIDE, PilotAction, ReportPhoto
from projects.printable_map import render_maps


def printable_map_path(file_format, language):
    """Where the printable map in ``language`` is stored, for /downloads/map.pdf (or .png) in that language."""
    return f"downloads/map-{language}.{file_format}"


def store_printable_map():
    """Render the map in both formats and every language of settings.LANGUAGES into storage; running it again
    just rewrites the files."""
    paths = []
    for language, _name in settings.LANGUAGES:
        for file_format, rendered in render_maps(language).items():
            path = printable_map_path(file_format, language)
            if default_storage.exists(path):
                default_storage.delete(path)
            default_storage.save(path, ContentFile(rendered))
            paths.append(path)
    return paths


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def regenerate_printable_map():
    return store_printable_map()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def make_photo_versions(photo_id):
    """The thumbnail and the web version of a photo, under random names of their own (nothing in them leads to the
    original), without the camera's metadata. Idempotent: a photo whose versions exist is left alone."""
    photo = ReportPhoto.objects.filter(pk=photo_id).first()
    if photo is None or not photo.image:
        return "no photo"
    if photo.is_ready:
        return "up to date"
    source, previous = photo.image.name, [photo.thumbnail.name, photo.web_image.name]
    with photo.image.open("rb") as original, Image.open(original) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        for version, longest_side in ((photo.thumbnail, THUMBNAIL_SIDE), (photo.web_image, WEB_IMAGE_SIDE)):
            scaled = image.copy()
            scaled.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
            buffer = BytesIO()
            # Saving without exif= drops the camera's metadata, GPS position included.
            scaled.save(buffer, format="WEBP", quality=82, method=4)
            version.save("version.webp", ContentFile(buffer.getvalue()), save=False)  # upload_to names it
    made = [photo.thumbnail.name, photo.web_image.name]
    # Only if nothing changed meanwhile (a new original, another run of this task): else these versions are stale.
    updated = ReportPhoto.objects.filter(
        pk=photo.pk, image=source, thumbnail=previous[0], web_image=previous[1]
    ).update(thumbnail=made[0], web_image=made[1])
    storage = photo.image.storage
    for name in previous if updated else made:
        if name:
            storage.delete(name)
    if not updated:
        return "superseded"
    return "made"


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def precompute_filter_choices():
    """What the list and the map need for their opening view and for each single choice of a filter (a group, a
    theme, a border...), stored for the content version that has just begun (``projects.fragments``): the
    filter choices and counts in every language, the number of results and the box around the matches on the
    map; and the map's border and country shapes at every detail. The first visitor after a change, the first
    request of a new worker, and the first click on a filter find them ready instead of counting every public
    pilot action. Combinations of several filters are counted on their first request. Stops early if the
    content changes again meanwhile: the next run does the work."""
    version = content_version()
    map_shapes_ahead()
    warmed = 0
    for params in [{}, *single_choices()]:
        if content_version() != version:
            break
        warm_filters(params)
        warmed += 1
    return warmed


def single_choices():
    """{filter: value} for every choice of every facet of the list's filters."""
    form = PilotActionFilter({}, queryset=PilotAction.objects.public()).form
    for name in PilotActionFilter.facets:
        for value, _label in form.fields[name].choices:
            if str(value):
                yield {name: str(value)}


def warm_filters(params):
    filterset = PilotActionFilter(params, queryset=PilotAction.objects.public())
    if not filterset.is_valid():
        return
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            PilotActionFilter(params, queryset=PilotAction.objects.public()).label_choices_with_counts()
    filterset.result_count()
    cached_extent(filterset.filter_queryset(PilotAction.objects.public().on_map()), filterset.choice_digest())


@receiver(content_changed)
def precompute_after_a_change(sender, **kwargs):
    """Sent after a public change has committed: a worker fills in the filter choices and counts the list and the
    map open with (at once where Celery is eager); not where ``PRECOMPUTE_FILTER_CHOICES`` is off (the tests).
    (Not sent while migrations run: core.pagecache.)"""
    if settings.PRECOMPUTE_FILTER_CHOICES and settings.RENDERING_SHORTCUTS:
        precompute_filter_choices.delay()
