"""Faults, for real: a PostgreSQL that stops and starts under a running portal, a Redis broker that does the same.

Each test runs its own throwaway server (a PostgreSQL cluster made with initdb, a redis-server) on a
free port, so stopping it disturbs nothing else. They need the PostgreSQL server binaries and
redis-server (CI has both); elsewhere they skip, saying which is missing.
"""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.core import mail

from core.localserver import GUNICORN, free_port, gunicorn_server
from notifications.models import Notification
from notifications.outbox import deliver_notification, deliver_pending_notifications
from projects.models import ProgressReport
from resilient_borders.celery import app as portal_app
from tests.celery_worker import finished_tasks
from tests.factories import SubscriptionFactory

PG_BIN_DIRS = sorted(glob.glob("/usr/lib/postgresql/*/bin"))

pytestmark = pytest.mark.faults


def require(available, what):
    if not available:
        message = f"{what} is missing: this fault test needs it"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def get(url):
    """(status, headers, body) without raising on 4xx and 5xx."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (our own test server)
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class ThrowawayPostgres:
    def __init__(self, directory):
        require(PG_BIN_DIRS, "PostgreSQL's server binaries (/usr/lib/postgresql/*/bin)")
        self.bin = Path(PG_BIN_DIRS[-1])
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()
        if os.geteuid() == 0:  # initdb refuses to run as root
            owner = pwd.getpwnam("postgres")
            os.chown(directory, owner.pw_uid, owner.pw_gid)
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def run(self, program, *args):
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.directory / "log"), "-w", "start")

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def portal_on_throwaway_postgres():
    """The portal under gunicorn with production settings, on a PostgreSQL of its own."""
    require(GUNICORN.exists(), "gunicorn")
    # Not under tmp_path: pytest makes that private to root, and PostgreSQL runs as its own user.
    database = ThrowawayPostgres(Path(tempfile.mkdtemp(prefix="portal-fault-pg-")))
    database.start()
    env = {"DATABASE_URL": database.url, "PRINTABLE_MAP_AUTO_REGENERATE": "0", "CELERY_BROKER_URL": ""}
    try:
        with gunicorn_server(env, before=[("migrate", "--noinput", "-v0")]) as base:
            yield base, database
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            database.stop()
        shutil.rmtree(database.directory, ignore_errors=True)


def test_database_outage_answers_503_and_recovers_without_a_restart(portal_on_throwaway_postgres):
    base, database = portal_on_throwaway_postgres
    assert get(f"{base}/")[0] == 200
    assert get(f"{base}/pilot-actions/")[0] == 200

    database.stop()
    # A page cached before the outage is still served; any other answers 503.
    status, headers, _body = get(f"{base}/")
    assert status == 200 and headers["X-Page-Cache"] == "hit"
    for path in ("/pilot-actions/?group=crisis-management", "/map/", "/borders/"):
        status, headers, body = get(f"{base}{path}")
        assert status == 503, (path, body[:500])
        assert headers["Retry-After"] == "30"
        assert "Back in a moment" in body and "Traceback" not in body and "OperationalError" not in body
    status, _headers, body = get(f"{base}/healthz")
    assert status == 503 and '"database": "error: OperationalError"' in body and '"status": "down"' in body

    database.start()
    deadline = time.monotonic() + 15
    while get(f"{base}/")[0] != 200:
        assert time.monotonic() < deadline, "the portal did not recover once the database was back"
        time.sleep(0.5)
    assert get(f"{base}/pilot-actions/")[0] == 200
    status, _headers, body = get(f"{base}/healthz")
    assert status == 200 and '"status": "ok"' in body


class ThrowawayRedis:
    def __init__(self):
        self.server = shutil.which("redis-server")
        require(self.server, "redis-server")
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


@pytest.fixture
def celery_on_throwaway_redis():
    broker = ThrowawayRedis()
    broker.start()
    app = Celery("resilient_borders_fault_test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=broker.url, result_backend=None, task_always_eager=False)
    app.set_current()
    try:
        with finished_tasks() as finished:
            yield app, broker, finished
    finally:
        portal_app.set_current()
        if broker.process.poll() is None:
            broker.stop()


@pytest.mark.django_db(transaction=True)
def test_broker_outage_loses_no_email(celery_on_throwaway_redis, coordinator, coordinator_client, pilot_action):
    app, broker, finished = celery_on_throwaway_redis
    SubscriptionFactory(pilot_action=pilot_action, email="reader@example.org")
    report = ProgressReport.objects.create(
        pilot_action=pilot_action, title="Flood drill", period_start="2025-03-01", period_end="2025-03-31", body="Done."
    )
    broker.stop()

    started = time.monotonic()
    response = coordinator_client.post(f"/workspace/reports/{report.pk}/publish/")
    assert response.status_code == 302
    assert time.monotonic() - started < 15, "publishing must not hang on a dead broker"
    report.refresh_from_db()
    assert report.is_published
    notification = Notification.objects.get(recipient="reader@example.org")
    assert notification.sent_at is None and mail.outbox == []

    broker.start()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=20):
        assert deliver_pending_notifications(older_than_seconds=0) == 1
        assert finished.wait_for(deliver_notification), "the email was not sent once the broker was back"
        notification.refresh_from_db()
        assert notification.sent_at is not None
        assert deliver_pending_notifications(older_than_seconds=0) == 0
        time.sleep(0.5)
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
