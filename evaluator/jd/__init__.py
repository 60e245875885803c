"""Job descriptions for MLOps roles: templates, the builder and the linter, with their rules in docs/data/."""
