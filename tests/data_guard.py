"""CI's guard that the tests follow the data: run the tests that read expected counts from the research file
against a variant of it with fewer public records. A test that pins today's counts ("9 of 19", 13 borders)
passes on the real file and fails here.

The variant drops every confirmed record that no test names (by code or title): a test that names a record
may rely on it; every other figure must come from the data. Usage: python tests/data_guard.py [pytest args]
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS.parent))

from tests.research import BUNDLED_PATH, is_confirmed  # noqa: E402

# The tests that read their expected counts from tests/research.py (the browser's among them run with `-m`).
COUNTING_TESTS = [
    "tests/test_site.py",
    "tests/test_sitemap.py",
    "tests/projects/test_hidden_records.py",
    "tests/projects/test_load_programme.py",
    "tests/projects/test_open_data.py",
    "tests/projects/test_geojson_api.py",
    "tests/projects/test_map_page.py",
    "tests/projects/test_views.py",
    "tests/borders/test_views.py",
    "tests/browser/test_walk.py",
]


def named_by_a_test(record, test_sources):
    names = [record["title"]] + ([record["code"]] if record.get("code") else [])
    return any(name in source for name in names for source in test_sources)


def variant(records, test_sources):
    kept = [r for r in records if not is_confirmed(r) or named_by_a_test(r, test_sources)]
    if len(kept) == len(records):
        sys.exit("data guard: every confirmed record is named by a test, so no variant can be made")
    return kept


def main():
    records = json.loads(BUNDLED_PATH.read_text(encoding="utf-8"))
    test_sources = [path.read_text(encoding="utf-8") for path in TESTS.rglob("*.py") if path.name != "data_guard.py"]
    kept = variant(records, test_sources)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as file:
        json.dump(kept, file, ensure_ascii=False)
    dropped = sorted(r["title"][:60] for r in records if r not in kept)
    print(f"data guard: {len(kept)} of {len(records)} records; without {dropped}", flush=True)
    try:
        environment = {**os.environ, "PILOT_ACTIONS_FILE": file.name}
        command = [sys.executable, "-m", "pytest", "-q", *COUNTING_TESTS, *sys.argv[1:]]
        return subprocess.call(command, env=environment, cwd=TESTS.parent)
    finally:
        os.unlink(file.name)


if __name__ == "__main__":
    sys.exit(main())
