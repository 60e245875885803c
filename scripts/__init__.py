"""The kit's build and maintenance code (importable: the project venv has the repository root on its path)."""
