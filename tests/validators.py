"""Outside validators the tests run over what the portal serves: each is installed by `make validators`.

A missing validator skips its tests on a developer's machine, and fails them in CI (the CI variable set), where
a skipped validation would pass silently."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

VALIDATORS_DIR = Path(settings.BASE_DIR) / ".validators"
NU_JAR = VALIDATORS_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
GEOJSONHINT = VALIDATORS_DIR / "node_modules" / ".bin" / "geojsonhint"


def require_validator(path):
    """``path`` (a file, or a command's name found on PATH), or skip the test (fail it in CI) if it is missing."""
    found = Path(path) if Path(path).exists() else shutil.which(str(path))
    if found:
        return Path(found)
    message = f"{path} is missing: `make validators` installs the validators"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def nu_messages(paths):
    """The W3C Nu HTML checker's errors on the HTML files ``paths``, checked in one run (one JVM start).

    Each is a dict as the checker's JSON gives it: ``url`` (``file:`` and the path), ``lastLine``, ``message``,
    ``extract``…"""
    java = require_validator("java")
    jar = require_validator(NU_JAR)
    paths = [str(path) for path in paths]
    if not paths:
        return []
    completed = subprocess.run(
        [str(java), "-jar", str(jar), "--format", "json", "--errors-only", *paths],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # The checker writes its JSON report on stderr, and exits 1 when it found errors.
    try:
        return json.loads(completed.stderr)["messages"]
    except (ValueError, KeyError) as error:
        raise AssertionError(f"The Nu checker did not answer JSON: {completed.stderr[:2000]}") from error


# The command line leaves out the check of coordinates' precision (more than 6 decimals): the library does it.
GEOJSONHINT_SCRIPT = """
const hint = require(process.argv[1]).hint;
let text = "";
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  const found = hint(text, { precisionWarning: true });
  process.stdout.write(JSON.stringify(found instanceof Error ? [{ message: String(found) }] : found));
});
"""


def geojsonhint_messages(text):
    """@mapbox/geojsonhint's errors and warnings on the GeoJSON ``text``, precision and the right-hand rule among
    them: each a dict with ``message``, ``line`` and, for a warning, ``level``."""
    node = require_validator("node")
    package = require_validator(GEOJSONHINT).resolve().parent.parent  # .bin/geojsonhint is a link into it
    completed = subprocess.run(
        [str(node), "-e", GEOJSONHINT_SCRIPT, str(package)],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    try:
        return json.loads(completed.stdout)
    except ValueError as error:
        raise AssertionError(f"geojsonhint did not answer JSON: {completed.stderr[:2000]}") from error
