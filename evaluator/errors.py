"""Errors the evaluator raises on purpose, so callers can tell bad input from a bug."""


class InputError(ValueError):
    """The caller's input cannot be used; the message says what is wrong and how to fix it."""

    kind = "input"
