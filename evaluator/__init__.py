"""MLOps Hiring Kit evaluator: drift metrics and the self-assessment, one implementation for CLI, tests and browser."""

__version__ = "0.1.0"
