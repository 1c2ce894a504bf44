"""Test-only helpers: factories for tests and benchmarks, the background-worker harness. Never imported by product code."""
