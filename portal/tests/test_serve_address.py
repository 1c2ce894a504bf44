"""`make run HOST=…` serves where asked, and load_demo prints the address actually served."""
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.management.commands.load_demo import served_urls

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("address, urls", [
    ("", ["http://127.0.0.1:8000/"]),  # no --address: PORTAL_BASE_URL
    ("127.0.0.1:8000", ["http://127.0.0.1:8000/"]),
    ("localhost:9000", ["http://localhost:9000/"]),
    ("8080", ["http://127.0.0.1:8080/"]),
    ("0.0.0.0:8080", ["http://127.0.0.1:8080/", "http://vsoko-host:8080/"]),
    ("0:8080", ["http://127.0.0.1:8080/", "http://vsoko-host:8080/"]),
    ("[::]:8080", ["http://127.0.0.1:8080/", "http://vsoko-host:8080/"]),
    ("10.0.0.5:80", ["http://10.0.0.5:80/"]),
])
def test_served_urls(address, urls, settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
    assert served_urls(address, hostname="vsoko-host") == urls


def test_make_run_passes_host_to_load_demo_and_runserver():
    plan = subprocess.run(["make", "-n", "run", "HOST=0.0.0.0:8080"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60).stdout
    assert "manage.py load_demo --address 0.0.0.0:8080" in plan
    assert "manage.py runserver 0.0.0.0:8080" in plan
    assert "ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost,$(hostname)}" in plan


@pytest.mark.django_db
def test_load_demo_prints_the_served_address():
    out = StringIO()
    call_command("load_demo", "--address", "127.0.0.1:8123", stdout=out)
    assert "(вход: http://127.0.0.1:8123/)" in out.getvalue()
