import io

import pytest
from django.core.management import CommandError, call_command

from projects.models import PilotAction

pytestmark = pytest.mark.django_db


def test_bench_map_reports_latencies_and_cleans_up(programme):
    output = io.StringIO()
    on_map = PilotAction.objects.public().on_map().count()
    call_command("bench_map", sizes=[on_map, 400], requests=5, stdout=output)
    rows = [line.split() for line in output.getvalue().splitlines()[2:]]
    assert [row[0] for row in rows] == [str(on_map), "400"]
    assert all(float(value) > 0 for row in rows for value in row[1:4])
    assert not PilotAction.objects.filter(slug__startswith="bench-").exists()


def test_bench_map_needs_the_programme():
    with pytest.raises(CommandError, match="load_programme"):
        call_command("bench_map", sizes=[10], requests=1)
