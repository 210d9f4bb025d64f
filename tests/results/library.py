"""What the outputs-library tests share: a small library with every facet used, and a large one for query budgets."""

import datetime

from results.models import Language, Output, OutputKind

LIST_URL = "/outputs/"


def titles(response):
    return [output.title for output in response.context["object_list"]]


HIDDEN_TITLES = ["Unfinished draft plan", "Output of a probable record", "Output of a rejected application"]


def bulk_outputs(pilot_actions, per_pilot_action=2):
    """``per_pilot_action`` published outputs for each pilot action and one draft, with languages and themes, in a
    few statements (OutputFactory would save each row, its languages and themes one by one)."""
    kinds = list(OutputKind.objects.all())
    languages = list(Language.objects.filter(code__in=["de", "fr", "it", "en"]))
    rows = []
    for index, pilot_action in enumerate(pilot_actions):
        for number in range(per_pilot_action + 1):
            rows.append(
                Output(
                    pilot_action=pilot_action,
                    kind=kinds[(index + number) % len(kinds)],
                    title=f"Output {number} of {pilot_action.title}",
                    summary="A joint output made for a test.",
                    date=datetime.date(2025, 1 + (index + number) % 12, 1 + number),
                    link=f"https://example.org/outputs/{index}/{number}",
                    licence="cc-by-4.0" if number % 2 else "all-rights-reserved",
                    status=Output.Status.DRAFT if number == per_pilot_action else Output.Status.PUBLISHED,
                    published_at=None
                    if number == per_pilot_action
                    else datetime.datetime(2025, 10, 1, tzinfo=datetime.UTC),
                )
            )
    outputs = Output.objects.bulk_create(rows)
    themes = {pilot_action.pk: list(pilot_action.themes.all()) for pilot_action in pilot_actions}
    Output.languages.through.objects.bulk_create(
        Output.languages.through(output=output, language=languages[index % len(languages)])
        for index, output in enumerate(outputs)
    )
    Output.themes.through.objects.bulk_create(
        Output.themes.through(output=output, theme=theme)
        for output in outputs
        for theme in themes[output.pilot_action_id]
    )
    return outputs
