"""The foundation: mechanisms every app shares. Imports no app of the project (see core/tests/test_layers.py)."""
