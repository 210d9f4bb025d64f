"""PostgreSQL only (a no-op on SQLite): the unaccent extension, accent-blind text search configurations for
English, French and the other languages, and the GIN index that serves every search of the stored vectors."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CONFIGURATIONS = [("english_unaccent", "english", "english_stem"), ("french_unaccent", "french", "french_stem"),
                  ("simple_unaccent", "simple", "simple")]


class PostgresUnaccentExtension(UnaccentExtension):
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, parent, dictionary in CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{parent})")
        # Words with letters outside ASCII lose their accents (ł, ø and ß too) before they are stemmed.
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}"
        )
    schema_editor.execute("CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_entry_vector")
    for name, _parent, _dictionary in CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [PostgresUnaccentExtension(), migrations.RunPython(forwards, backwards)]
