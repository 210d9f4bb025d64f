"""The questions the programme's public sources answer (programme-facts.md), in English and French, each answer
citing its source; and programme staff's permissions on the questions.

Staff edit, add, reorder and unpublish questions in admin; a second run changes nothing already there.
"""

from django.db import migrations

from core.staff_permissions import grant_to_programme_staff, revoke_from_programme_staff
from core.text import render_markdown

FAQ = "[resilientborders.eu, FAQ](https://resilientborders.eu/faq/)"
CALL = "[resilientborders.eu, call for proposals](https://resilientborders.eu/call-for-proposals)"
AEBR_PROJECT = "[AEBR](https://www.aebr.eu/resilient-borders-cb-crisis-management-spatial-planning/)"
AEBR_STARTED = "[AEBR, 3 February 2025](https://www.aebr.eu/resilient-borders-initiative-pilot-actions-started-today/)"
AEBR_STARTED_FR = "[AEBR, 3 février 2025](https://www.aebr.eu/resilient-borders-initiative-pilot-actions-started-today/)"
BRATISLAVA = "[bratislava.sk](https://bratislava.sk/mesto-bratislava/projekty/eu-projekty/odolne-hranice)"

# slug: (question en, answer en, question fr, answer fr), in the page's order.
QUESTIONS = {
    "who-runs-the-programme": (
        "Who funds and runs Resilient Borders?",
        "Resilient Borders is funded by the European Commission’s DG REGIO through an action grant (grant agreement "
        "2022CE160AT316), under the European Parliament’s pilot project CB-CRII (Cross-Border Crisis Response "
        "Integrated Initiative). The Association of European Border Regions (AEBR) holds the grant, coordinates the "
        "programme and runs the crisis-management lot; the Mission Opérationnelle Transfrontalière (MOT) runs the "
        "spatial-planning lot.\n\n"
        f"Sources: {AEBR_PROJECT}; MOT, project page.",
        "Qui finance et conduit Resilient Borders ?",
        "Resilient Borders est financé par la DG REGIO de la Commission européenne au moyen d’une subvention "
        "d’action (convention de subvention 2022CE160AT316), dans le cadre du projet pilote CB-CRII du Parlement "
        "européen (Cross-Border Crisis Response Integrated Initiative). L’Association des régions frontalières "
        "européennes (AEBR) est titulaire de la subvention, coordonne le programme et conduit le "
        "lot gestion de crise ; la Mission Opérationnelle Transfrontalière (MOT) conduit le lot aménagement du "
        "territoire.\n\n"
        f"Sources : {AEBR_PROJECT} ; MOT, page du projet.",
    ),
    "budget": (
        "What is the programme’s budget?",
        "€1,052,631.58 in total, of which DG REGIO co-finances €1,000,000. MOT’s share is €526,315.79 (€500,000 "
        "co-financed). The action runs for 24 months, from 1 January 2024 to 31 December 2025.\n\n"
        f"Sources: MOT, project page; {AEBR_PROJECT}.",
        "Quel est le budget du programme ?",
        "1 052 631,58 € au total, dont 1 000 000 € cofinancés par la DG REGIO. La part de la MOT est de "
        "526 315,79 € (dont 500 000 € cofinancés). L’action dure 24 mois, du 1er janvier 2024 au 31 décembre 2025.\n\n"
        f"Sources : MOT, page du projet ; {AEBR_PROJECT}.",
    ),
    "who-could-apply": (
        "Who could apply?",
        "Public bodies (national, regional or local) in border regions of the 27 EU countries and the EFTA countries "
        "(Iceland, Liechtenstein, Norway, Switzerland), and cross-border bodies with legal personality such as "
        "EGTCs and euroregions. Border regions are the NUTS 2 and NUTS 3 regions on the EU’s and EFTA’s internal "
        "borders: land borders, and maritime borders with a fixed link.\n\n"
        f"Sources: europeangreenbelt.org, call summary; {FAQ}.",
        "Qui pouvait candidater ?",
        "Les organismes publics (nationaux, régionaux ou locaux) des régions frontalières des 27 pays de l’UE et des "
        "pays de l’AELE (Islande, Liechtenstein, Norvège, Suisse), ainsi que les organismes transfrontaliers dotés de "
        "la personnalité juridique, tels que les GECT et les eurorégions. Les régions frontalières sont les régions "
        "NUTS 2 et NUTS 3 situées sur les frontières intérieures de l’UE et de l’AELE : frontières terrestres, et "
        "frontières maritimes dotées d’une liaison fixe.\n\n"
        f"Sources : europeangreenbelt.org, résumé de l’appel ; {FAQ}.",
    ),
    "how-many-applicants": (
        "How many applicants did a pilot action need?",
        "At least two applicants per pilot action.\n\n"
        f"Sources: europeangreenbelt.org, call summary; {FAQ}.",
        "Combien de candidats fallait-il par action pilote ?",
        "Au moins deux candidats par action pilote.\n\n"
        f"Sources : europeangreenbelt.org, résumé de l’appel ; {FAQ}.",
    ),
    "how-much-funding": (
        "How much could a pilot action receive?",
        "Up to €40,000 per pilot action. MOT reports that each pilot site received €40,000; the City of Bratislava "
        "reports an EU contribution of €39,098.87, at 100%.\n\n"
        f"Sources: interreg.eu, news; MOT, project page; {BRATISLAVA}.",
        "Combien une action pilote pouvait-elle recevoir ?",
        "Jusqu’à 40 000 € par action pilote. La MOT indique que chaque site pilote a reçu 40 000 € ; la Ville de "
        "Bratislava fait état d’une contribution de l’UE de 39 098,87 €, à 100 %.\n\n"
        f"Sources : interreg.eu, actualités ; MOT, page du projet ; {BRATISLAVA}.",
    ),
    "crisis-types": (
        "Which types of crisis did the call accept?",
        "Five families of crisis:\n\n"
        "- **meteorological and hydrological**: floods, tsunami, droughts;\n"
        "- **geohazards**: natural disasters, forest fires;\n"
        "- **biological**: epidemics and pandemics, animal and plant diseases;\n"
        "- **technological**: disruption of critical infrastructure, nuclear and radiological accidents;\n"
        "- **societal**: mass displacement of people (migration), terrorism, security issues, cyber threats.\n\n"
        f"Source: {FAQ}.",
        "Quels types de crise l’appel acceptait-il ?",
        "Cinq familles de crises :\n\n"
        "- **météorologiques et hydrologiques** : inondations, tsunamis, sécheresses ;\n"
        "- **géorisques** : catastrophes naturelles, feux de forêt ;\n"
        "- **biologiques** : épidémies et pandémies, maladies animales et végétales ;\n"
        "- **technologiques** : perturbation d’infrastructures critiques, accidents nucléaires et radiologiques ;\n"
        "- **sociétales** : déplacements massifs de population (migrations), terrorisme, questions de sécurité, "
        "cybermenaces.\n\n"
        f"Source : {FAQ}.",
    ),
    "expected-outputs": (
        "What did the call expect from each lot?",
        "**Crisis management:** detailed joint plans, which may include common objectives, tasks, the resources "
        "needed, a timeline and evaluation measures; joint exercises and trainings; joint planning for extreme "
        "scenarios; and draft shared tools such as guidelines and agreements.\n\n"
        "**Spatial planning:** aligning the development plans of neighbouring authorities, with the action scaled to "
        "how much cooperation already exists.\n\n"
        f"Source: {CALL}.",
        "Qu’attendait l’appel de chaque lot ?",
        "**Gestion de crise :** des plans conjoints détaillés, pouvant comprendre des objectifs communs, des tâches, "
        "les ressources nécessaires, un calendrier et des mesures d’évaluation ; des exercices et formations "
        "conjoints ; une planification commune pour des scénarios extrêmes ; et des projets d’outils partagés, tels "
        "que des lignes directrices et des accords.\n\n"
        "**Aménagement du territoire :** l’harmonisation des plans de développement d’autorités voisines, l’action "
        "étant adaptée au degré de coopération déjà existant.\n\n"
        f"Source : {CALL}.",
    ),
    "when-did-the-call-run": (
        "When did the call for proposals run?",
        "From 4 October to 30 November 2024. An online information session took place on Zoom on 30 October 2024, "
        "11:30–12:30 CET, with the European Commission and AEBR and MOT staff.\n\n"
        "Sources: AEBR; interreg.eu, news.",
        "Quand l’appel à propositions était-il ouvert ?",
        "Du 4 octobre au 30 novembre 2024. Une séance d’information en ligne s’est tenue sur Zoom le 30 octobre 2024, "
        "de 11 h 30 à 12 h 30 (HEC), avec la Commission européenne et des équipes de l’AEBR et de la MOT.\n\n"
        "Sources : AEBR ; interreg.eu, actualités.",
    ),
    "how-were-pilots-selected": (
        "How were the pilot actions selected?",
        "An independent jury of cross-border resilience experts selected 20 pilot actions in December 2024; the "
        "winners were announced in January 2025.\n\n"
        "Source: AEBR, call page.",
        "Comment les actions pilotes ont-elles été sélectionnées ?",
        "Un jury indépendant d’experts de la résilience transfrontalière a sélectionné 20 actions pilotes en "
        "décembre 2024 ; les lauréats ont été annoncés en janvier 2025.\n\n"
        "Source : AEBR, page de l’appel.",
    ),
    "when-did-pilots-run": (
        "When did the pilot actions run, and how many?",
        "One selected applicant withdrew, so 19 pilot actions started: 9 in crisis management and 10 in spatial "
        "planning. AEBR’s pilots started on 3 February 2025 (MOT held its kick-off on 1 February). The active phase "
        "ran from February to September 2025 (8 months), and AEBR and MOT report on the pilots’ results at the end "
        "of 2025.\n\n"
        f"Sources: {AEBR_STARTED}; MOT, news; {CALL}; AEBR, call page.",
        "Quand les actions pilotes se sont-elles déroulées, et combien étaient-elles ?",
        "Un candidat sélectionné s’étant retiré, 19 actions pilotes ont démarré : 9 en gestion de crise et 10 en "
        "aménagement du territoire. Les actions pilotes de l’AEBR ont démarré le 3 février 2025 (la MOT a tenu son "
        "lancement le 1er février). La phase active a duré de février à septembre 2025 (8 mois), et l’AEBR et la "
        "MOT rendent compte des résultats des actions pilotes fin 2025.\n\n"
        f"Sources : {AEBR_STARTED_FR} ; MOT, actualités ; {CALL} ; AEBR, page de l’appel.",
    ),
}


def seed(apps, schema_editor):
    Question = apps.get_model("programme", "FrequentlyAskedQuestion")
    for order, (slug, (question_en, answer_en, question_fr, answer_fr)) in enumerate(QUESTIONS.items(), start=1):
        # Historical models have no custom save(): the HTML is rendered here, as FrequentlyAskedQuestion.save does.
        Question.objects.get_or_create(
            slug=slug,
            defaults={
                "question": question_en,
                "question_en": question_en,
                "question_fr": question_fr,
                "answer": answer_en,
                "answer_en": answer_en,
                "answer_fr": answer_fr,
                "answer_html": render_markdown(answer_en),
                "answer_html_en": render_markdown(answer_en),
                "answer_html_fr": render_markdown(answer_fr),
                "order": order * 10,
                "is_published": True,
            },
        )

    grant_to_programme_staff(apps, "programme")


def unseed(apps, schema_editor):
    revoke_from_programme_staff(apps, "programme")


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("selection", "0004_staff_import_export"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
