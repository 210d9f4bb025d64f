"""axe-core finds no serious or critical accessibility violation on any kind of page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}

# One page of each kind, in English; the home page and the list in French too.
PAGES = [
    "/",
    "/pilot-actions/",
    "/pilot-actions/?theme=floods",
    "/pilot-actions/borderisks/",
    "/map/",
    "/updates/",
    "/map/?group=spatial-planning",
    "/groups/crisis-management/",
    "/borders/",
    "/borders/bulgaria-greece/",
    "/countries/",
    "/countries/gr/",
    "/webinars/",
    "/webinars/launch-webinar-2025/",
    "/fr/",
    "/fr/pilot-actions/",
    "/outputs/",
    "/results/",
    "/results/?group=crisis-management",
    "/fr/results/",
    "/search/",
    "/search/?q=flood",
    "/search/?q=flood&type=pilot-action",
    "/fr/search/?q=inondation",
    "/open-data/",
    "/about/",
    "/call/",
    "/faq/",
    "/fr/faq/",
    "/pilot-actions/?family=meteorological",
    "/statistics/",
    "/statistics/?group=crisis-management",
    "/fr/statistics/",
]


def describe(path, violation):
    lines = [f"{path}: {violation['id']} ({violation['impact']}) {violation['help']} <{violation['helpUrl']}>"]
    for node in violation["nodes"]:
        target = " ".join(" >> ".join(part) if isinstance(part, list) else part for part in node["target"])
        lines.append(f"    {target}")
        lines.extend(f"        {line}" for line in node.get("failureSummary", "").splitlines())
    return "\n".join(lines)


def test_no_serious_or_critical_accessibility_violation(page, site):
    """Visits every page kind once (one programme load), then reports everything it found.

    Moderate and minor violations do not fail the test; ``pytest -s`` prints them too.
    """
    axe = Axe()
    problems, notes = [], []
    for path in PAGES:
        response = page.goto(path)
        if response is None or response.status != 200:
            problems.append(f"{path}: HTTP {response.status if response else 'no response'}")
            continue
        page.wait_for_load_state("load")
        for violation in axe.run(page).response["violations"]:
            (problems if violation["impact"] in BLOCKING_IMPACTS else notes).append(describe(path, violation))
    if notes:
        print("Moderate or minor accessibility violations:", *notes, sep="\n")
    report = "\n".join(problems)
    assert not problems, f"{len(problems)} serious or critical problem(s):\n{report}"
