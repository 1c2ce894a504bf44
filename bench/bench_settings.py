"""Settings for the national bench and the load run: the portal's own, plus the plain comparison page.

    DJANGO_SETTINGS_MODULE=bench_settings (with bench/ on sys.path)
"""
import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_national")
os.environ.setdefault("DEBUG", "0")

from portal.settings import *  # noqa: E402,F401,F403

ROOT_URLCONF = "bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False

import warnings  # noqa: E402

# WhiteNoise warns that collectstatic has not run; the bench serves no static files.
warnings.filterwarnings("ignore", message="No directory at")
