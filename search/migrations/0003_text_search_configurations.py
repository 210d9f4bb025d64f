"""PostgreSQL only (a no-op on SQLite): an accent-blind text search configuration, ``<name>_unaccent``, for each
language of the interface PostgreSQL has a stemmer for (search.indexing.TEXT_SEARCH_CONFIGURATIONS names which
language uses which); 0002 made English's, French's and the simple one."""

from django.db import migrations

# PostgreSQL 15's Snowball stemmers for the interface's languages, beyond English and French (0002).
STEMMED = [
    "danish",
    "dutch",
    "finnish",
    "german",
    "greek",
    "hungarian",
    "irish",
    "italian",
    "lithuanian",
    "norwegian",
    "portuguese",
    "romanian",
    "spanish",
    "swedish",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for parent in STEMMED:
        name = f"{parent}_unaccent"
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{parent})")
        # As in 0002: words lose their accents (ł, ø and ß too) before they are stemmed.
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {parent}_stem"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for parent in STEMMED:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {parent}_unaccent")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgresql_text_search")]

    operations = [migrations.RunPython(forwards, backwards)]
