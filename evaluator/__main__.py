"""``python -m evaluator drift reference.csv current.csv``: see `evaluator.cli`."""

import sys

from .cli import main

sys.exit(main())
