"""README's production section is exactly what the production smoke test (.ci/smoke_production.sh) runs."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _production_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Production", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```bash\n(.*?)```", section, re.S).group(1)


def _commands(block: str) -> list[str]:
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.startswith(".venv/bin/")]


def test_every_readme_production_command_is_run_by_the_smoke_test():
    smoke = (ROOT / ".ci" / "smoke_production.sh").read_text(encoding="utf-8")
    run_lines = [line.strip() for line in smoke.splitlines() if not line.lstrip().startswith(("#", "echo"))]
    commands = _commands(_production_block())
    assert len(commands) == 6, commands
    for command in commands:
        assert any(command in line for line in run_lines), f"README's «{command}» is not run by the smoke test"


def test_the_smoke_test_sets_every_variable_readme_exports():
    exports = re.search(r"export (.*?)\n(?!\s)", _production_block(), re.S).group(1)
    names = set(re.findall(r"([A-Z_]+)=", exports)) - {"EMAIL_BACKEND", "EMAIL_HOST"}  # no mail is sent
    smoke = (ROOT / ".ci" / "smoke_production.sh").read_text(encoding="utf-8")
    missing = {name for name in names if not re.search(rf"(export |\s){name}=", smoke)}
    assert not missing, f"the smoke test does not set {missing}"


def test_readme_worker_command_is_the_smoke_tests():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    smoke = (ROOT / ".ci" / "smoke_production.sh").read_text(encoding="utf-8")
    worker = re.search(r"`(\.venv/bin/python manage\.py db_worker[^`]*)`", readme).group(1)
    assert f"{worker} >" in smoke
