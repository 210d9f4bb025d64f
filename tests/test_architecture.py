"""The apps' imports: no cycle between apps, none between the modules inside an app, and ``core`` imports no app.

The apps are the root packages of pyproject's ``[tool.importlinter]`` (whose layers contract ``make lint`` checks),
so an app added there is covered here too. Imports inside functions count: a cycle hidden in a function is one.
"""

import tomllib
from pathlib import Path

import grimp
import pytest

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
APPS = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["root_packages"]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*APPS, include_external_packages=False)


def in_app(module, app):
    return module == app or module.startswith(f"{app}.")


def test_the_apps_are_the_projects_packages():
    """Every package beside manage.py that is an app or the project is one of the apps checked here."""
    root = PYPROJECT.parent
    packages = {path.parent.name for path in root.glob("*/__init__.py")} - {"tests"}
    assert packages == set(APPS)


def test_no_import_cycle_between_apps(graph):
    cycles = [
        (importer, imported)
        for index, importer in enumerate(APPS)
        for imported in APPS[index + 1 :]
        if graph.chain_exists(importer=importer, imported=imported, as_packages=True)
        and graph.chain_exists(importer=imported, imported=importer, as_packages=True)
    ]
    assert cycles == [], "apps that import each other, directly or through others"


def test_no_import_cycle_between_the_modules_of_an_app(graph):
    """A direct import from one module of an app to another, where the other leads back to the first."""
    cycles = sorted(
        (importer, imported)
        for app in APPS
        for importer in graph.find_descendants(app) | {app}
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported != importer and in_app(imported, app) and graph.chain_exists(importer=imported, imported=importer)
    )
    ways_back = [graph.find_shortest_chain(importer=imported, imported=importer) for importer, imported in cycles]
    assert cycles == [], ways_back


def test_core_imports_no_app(graph):
    """``core`` is the shared machinery under every app: it may not import any of them, the project included."""
    reached = {
        (importer, imported)
        for importer in graph.find_descendants("core") | {"core"}
        for imported in graph.find_modules_directly_imported_by(importer)
        if not in_app(imported, "core")
    }
    assert reached == set()
