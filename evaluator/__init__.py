"""MLOps Hiring Kit evaluator: drift metrics and the self-assessment, one implementation for CLI, tests and browser."""

__version__ = "0.1.0"

# Where a user reports an internal error (the CLI and the pages print this).
BUG_REPORTS = "the MLOps Hiring Kit's issue tracker (see 'Reporting a problem' in its README)"
