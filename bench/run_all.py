"""Run every benchmark under bench/ one after another and let each print its figures.

    .venv/bin/python bench/run_all.py        (or: make bench)
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = 0
    helpers = {"bench_settings", "bench_urls"}  # imported by bench_national.py and load.py, not run
    for script in sorted(HERE.glob("bench_*.py")):
        if script.stem in helpers:
            continue
        print(f"\n=== {script.name} ===", flush=True)
        failed += subprocess.call([sys.executable, str(script)]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
