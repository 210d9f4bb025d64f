"""The kinds of output (the call's expected outputs, programme-facts.md §1), the obstacles (those the programme's
reference study names, §4a), the languages a document may be in, and programme staff's permissions on them all.

Staff can add more of each in admin; a second run changes nothing already there.
"""

from django.db import migrations

from core.staff_permissions import grant_to_programme_staff, revoke_from_programme_staff

# slug: (English name, French name)
OUTPUT_KINDS = {
    "joint-plan": ("Joint crisis-management plan", "Plan conjoint de gestion de crise"),
    "exercise-training": ("Joint exercise or training", "Exercice ou formation conjoints"),
    "protocol-agreement": ("Coordination protocol or agreement", "Protocole de coordination ou accord"),
    "guidelines-tool": ("Guidelines or shared tool", "Lignes directrices ou outil partagé"),
    "spatial-plan": ("Joint spatial plan or strategy", "Plan ou stratégie d’aménagement conjoints"),
    "study": ("Study or analysis", "Étude ou analyse"),
    "event": ("Event or conference", "Événement ou conférence"),
    "other": ("Other", "Autre"),
}

OBSTACLES = {
    "legal-administrative": (
        "Legal and administrative differences",
        "Différences juridiques et administratives",
    ),
    "funding": ("Funding", "Financement"),
    "information-data": ("Information and data sharing", "Partage d’informations et de données"),
    "continuity": ("Continuity after the funding ends", "Continuité après la fin du financement"),
    "language-culture": ("Language and culture", "Langue et culture"),
    "political-support": ("Political support", "Soutien politique"),
    "other": ("Other", "Autre"),
}

# The EU's 24 official languages, then those of the EFTA countries whose border regions could take part.
LANGUAGES = [
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl",
    "pl", "pt", "ro", "sk", "sl", "sv", "nb", "is",
]  # fmt: skip


def seed(apps, schema_editor):
    for model_name, rows in (("OutputKind", OUTPUT_KINDS), ("Obstacle", OBSTACLES)):
        model = apps.get_model("results", model_name)
        for order, (slug, (name_en, name_fr)) in enumerate(rows.items()):
            model.objects.get_or_create(
                slug=slug, defaults={"name": name_en, "name_en": name_en, "name_fr": name_fr, "order": order}
            )
    Language = apps.get_model("results", "Language")
    for order, code in enumerate(LANGUAGES):
        Language.objects.get_or_create(code=code, defaults={"order": order})

    grant_to_programme_staff(apps, "results")


def unseed(apps, schema_editor):
    revoke_from_programme_staff(apps, "results")


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0001_initial"),
        ("selection", "0004_staff_import_export"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
