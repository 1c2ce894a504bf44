"""Vendored assets are complete: every file they name is vendored, and collectstatic passes in production."""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
SOURCE_MAP = re.compile(r"[#@]\s*sourceMappingURL=([^\s*]+)")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)['"]""")


def _references(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    refs = SOURCE_MAP.findall(text)
    if path.suffix == ".css":
        refs += CSS_URL.findall(text) + CSS_IMPORT.findall(text)
    return [r for r in refs if not r.startswith(("data:", "#", "http:", "https:", "//"))]


ASSETS = sorted(p for p in STATIC.rglob("*") if p.suffix in {".js", ".css"})


def test_there_are_assets_to_check():
    names = {p.name for p in ASSETS}
    assert {"bootstrap.bundle.min.js", "bootstrap.min.css", "chart.umd.min.js", "frappe-gantt.umd.js"} <= names


@pytest.mark.parametrize("asset", ASSETS, ids=lambda p: str(p.relative_to(STATIC)))
def test_every_file_an_asset_names_is_vendored(asset):
    missing = [ref for ref in _references(asset) if not (asset.parent / ref.split("?")[0].split("#")[0]).is_file()]
    assert not missing, f"{asset.relative_to(ROOT)} names files that are not vendored: {missing}"


def test_vendor_readme_names_each_library_version():
    readme = (STATIC / "vendor" / "README.md").read_text(encoding="utf-8")
    header = (STATIC / "vendor/bootstrap/bootstrap.bundle.min.js").read_text(encoding="utf-8")[:200]
    version = re.search(r"Bootstrap v(\d+\.\d+\.\d+)", header).group(1)
    assert f"bootstrap@{version}" in readme


def test_collectstatic_passes_in_the_production_profile(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DJANGO_PROFILE="production", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="vsoko.example.ru",
               STATIC_ROOT=str(tmp_path / "static"))
    result = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text(encoding="utf-8")
    assert "vendor/bootstrap/bootstrap.bundle.min.js.map" in manifest
