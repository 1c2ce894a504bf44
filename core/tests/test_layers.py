"""Imports go downwards only: core < schools < roadmaps < monitoring < portal.

A short walk over the AST of every project module. A subpackage belongs to its top package's layer
(``monitoring.vpr`` is monitoring). Migrations are checked too: they are code that runs on every deploy and
an upward import there would tie the schema history of a lower app to a higher one. Test modules (``tests/``,
``conftest.py``) are left out: they may build objects of any layer (the factories in ``tests/factories.py``).
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("core", "schools", "roadmaps", "monitoring", "portal")
RANK = {name: rank for rank, name in enumerate(LAYERS)}
SKIPPED_DIRS = {".venv", "node_modules", "static", "templates", "fixtures", "media", "staticfiles", "tests"}


def _project_modules() -> list[Path]:
    return sorted(
        path for top in LAYERS for path in (ROOT / top).rglob("*.py")
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts) and path.name != "conftest.py"
    )


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every absolute name imported, with relative imports resolved against ``module``."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.append((node.lineno, target))
    return names


def upward_imports() -> list[str]:
    found = []
    for path in _project_modules():
        module = _module_name(path)
        layer = RANK[module.split(".")[0]]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, name in _imported(tree, module, path.name == "__init__.py"):
            top = name.split(".")[0]
            if top in RANK and RANK[top] > layer:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name} ({top} is above {module.split('.')[0]})")
    return found


def test_no_module_imports_a_layer_above_its_own():
    assert upward_imports() == []


def test_the_walk_sees_the_project():
    modules = {_module_name(path) for path in _project_modules()}
    assert {"core.hooks", "schools.models", "roadmaps.services", "monitoring.apps", "portal.urls"} <= modules
    assert not any(".tests." in name for name in modules)


@pytest.mark.parametrize(("source", "module", "is_package", "expected"), [
    ("from monitoring.services import x", "schools.services", False, "monitoring.services"),
    ("from ..models import x", "monitoring.selectors.scope", False, "monitoring.models"),
    ("from . import views", "monitoring.vpr", True, "monitoring.vpr"),
    ("import portal.xlsx", "core.xlsx", False, "portal.xlsx"),
])
def test_imports_are_resolved(source, module, is_package, expected):
    assert [name for _, name in _imported(ast.parse(source), module, is_package)] == [expected]
