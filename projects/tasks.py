import re
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
from projects.printable_map import FORMATS, render_maps

# The printable map comes in editions: an edition is drawn after each change of what the map shows (the content
# version of that moment names it), in the content languages at once, and in any other language of the interface
# when it is first asked for. The current edition's name is kept in storage beside the maps (shared by every web
# machine), so an edition outlives a flushed cache and a change that the map does not show leaves it current.
MAP_FOLDER = "downloads"
EDITION_PATH = f"{MAP_FOLDER}/map-edition.txt"
STORED_MAP = re.compile(r"^map-(?:(?P<edition>\d+)-)?[a-z]{2,3}\.(?:pdf|png)$")


def printable_map_path(file_format, language, edition=None):
    """Where the printable map in ``language`` is stored for ``edition`` (by default the current one), for
    /downloads/map.pdf (or .png) in that language."""
    edition = current_map_edition() if edition is None else edition
    return f"{MAP_FOLDER}/map-{edition}-{language}.{file_format}"


def current_map_edition():
    """The name of the current edition of the printable map, or None before the first is drawn."""
    try:
        with default_storage.open(EDITION_PATH, "rb") as stored:
            return stored.read().decode().strip() or None
    except FileNotFoundError:
        return None


def _save(path, content):
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(content))


def _store(edition, language, file_formats=FORMATS):
    paths = []
    for file_format, rendered in render_maps(language, file_formats).items():
        path = printable_map_path(file_format, language, edition)
        _save(path, rendered)
        paths.append(path)
    return paths


def store_printable_map(languages=None):
    """Start a new edition of the printable map: drawn in both formats in ``languages`` (by default the content
    languages, the other languages of the interface following on their first request), then made current, then
    the files of older editions deleted. Running it again at the same content version draws the same edition again.
    Returns the paths written."""
    edition = content_version()
    paths = []
    for language in settings.CONTENT_LANGUAGES if languages is None else languages:
        paths += _store(edition, language)
    # Made current only once drawn: until then visitors get the previous edition, complete.
    _save(EDITION_PATH, edition.encode())
    _delete_other_editions(edition)
    return paths


def _delete_other_editions(edition):
    _folders, files = default_storage.listdir(MAP_FOLDER)
    for name in files:
        if (match := STORED_MAP.match(name)) and match["edition"] != edition:
            default_storage.delete(f"{MAP_FOLDER}/{name}")


def printable_map_file(file_format, language):
    """The path of the current edition's map in ``language`` (a code of settings.LANGUAGES), drawn now if it is not
    yet: the first request for a language other than the content languages after a change draws its map, in the
    format asked for only (about 1.5 s), and every request after reads it."""
    edition = current_map_edition()
    if edition is None:  # none drawn yet (a new installation): this request starts the first edition
        edition = content_version()
        _store(edition, language, [file_format])
        _save(EDITION_PATH, edition.encode())
        return printable_map_path(file_format, language, edition)
    path = printable_map_path(file_format, language, edition)
    if not default_storage.exists(path):
        _store(edition, language, [file_format])
    return path


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def regenerate_printable_map():
    """After a change of what the map shows: a new edition, drawn in the content languages (about 6 s, where Celery
    runs eagerly in the request that saved), not in the 25 languages of the interface (75 s)."""
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
    counts, the number of results and the box around the matches on the map, once each (they do not depend on the
    language); the choices labelled with their counts, in every language for the opening view and in the content
    languages for each single choice; and the map's border and country shapes. The first visitor after a change,
    the first request of a new worker, and the first click on a filter find them ready instead of counting every
    public pilot action; a first click in another language labels the counts ready for it (a query per select,
    no counting). Combinations of several filters are counted on their first request. Stops early if the content
    changes again meanwhile: the next run does the work."""
    version = content_version()
    map_shapes_ahead()
    warmed = 0
    every_language = [code for code, _name in settings.LANGUAGES]
    for params in [{}, *single_choices()]:
        if content_version() != version:
            break
        warm_filters(params, every_language if not params else settings.CONTENT_LANGUAGES)
        warmed += 1
    return warmed


def single_choices():
    """{filter: value} for every choice of every facet of the list's filters."""
    form = PilotActionFilter({}, queryset=PilotAction.objects.public()).form
    for name in PilotActionFilter.facets:
        for value, _label in form.fields[name].choices:
            if str(value):
                yield {name: str(value)}


def warm_filters(params, languages):
    """The counts of ``params`` (one set of filters), once, and its choices labelled with them in ``languages``."""
    filterset = PilotActionFilter(params, queryset=PilotAction.objects.public())
    if not filterset.is_valid():
        return
    filterset.facet_counts()
    filterset.result_count()
    cached_extent(filterset.filter_queryset(PilotAction.objects.public().on_map()), filterset.choice_digest())
    for language in languages:
        with translation.override(language):  # labels only: the counts are read from the cache just filled
            PilotActionFilter(params, queryset=PilotAction.objects.public()).label_choices_with_counts()


@receiver(content_changed)
def precompute_after_a_change(sender, **kwargs):
    """Sent after a public change has committed: a worker fills in the filter choices and counts the list and the
    map open with (at once where Celery is eager); not where ``PRECOMPUTE_FILTER_CHOICES`` is off (the tests).
    (Not sent while migrations run: core.pagecache.)"""
    if settings.PRECOMPUTE_FILTER_CHOICES and settings.RENDERING_SHORTCUTS:
        precompute_filter_choices.delay()
