"""This checkout served by gunicorn with production settings on a free local port.

For what must cross a real HTTP server: `make bench` and the fault tests. Never used to serve the portal.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *arguments):
    subprocess.run(  # noqa: S603 (this checkout's manage.py)
        [sys.executable, "manage.py", *arguments], cwd=settings.BASE_DIR, env=env, check=True, timeout=300
    )


@contextmanager
def gunicorn_server(env_overrides, workers=1, ready_path="/healthz", before=(), application="resilient_borders.wsgi"):
    """Yield the server's base URL once ``ready_path`` answers 200; ``before``: manage.py commands to run first.

    ``application``: gunicorn's WSGI application; another than the portal's (the bench's bare floor, with
    its own DJANGO_SETTINGS_MODULE in ``env_overrides``) has no static files to collect."""
    work = Path(tempfile.mkdtemp(prefix="portal-gunicorn-"))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        **env_overrides,
    }
    portal = application == "resilient_borders.wsgi"
    for arguments in (*before, *([("collectstatic", "--noinput", "-v0")] if portal else [])):
        manage(env, *arguments)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (this checkout's own gunicorn)
        [str(GUNICORN), application, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--timeout", "60", "--log-level", "warning"],
        cwd=settings.BASE_DIR,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not answers(f"{base}{ready_path}"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer {ready_path} within 30 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own local server)
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False
