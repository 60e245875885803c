"""Running the drift command line in-process, as the tests of its flags do."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from evaluator import cli


def run_cli(*args: str) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of ``python -m evaluator`` with ``args``."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()
