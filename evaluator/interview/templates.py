"""Line templates for the exercise files: keep or drop lines by planted fault, and find cited lines.

A template is ordinary text with two kinds of marks, both removed from the output:

- a directive on a line of its own: ``#% if EXPR``, ``#% elif EXPR``, ``#% else``, ``#% end``
  (they nest). EXPR names flags joined by ``and`` / ``or``, each optionally after ``not``
  (``and`` binds first; no brackets). A flag is a fault id (``skew``) or a fault's option
  (``skew.tenure``), set when it is planted.
- a citation at the end of a kept line: ``  #@ skew.tenure zip-truncation``. The line is recorded as
  cited for every listed flag that is set, so an answer key can quote it with its real number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIRECTIVE = re.compile(r"^\s*#%\s*(if|elif|else|end)\b\s*(.*?)\s*$")
_CITATION = re.compile(r"\s+#@((?:\s+[a-z0-9.\-]+)+)\s*$")
_FLAG = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")


class TemplateError(ValueError):
    """A template is malformed; the message names the template and the line."""


@dataclass(frozen=True)
class Citation:
    flag: str
    file: str
    line: int  # 1-based, in the rendered file
    text: str  # the rendered line, as it reads in the file


def evaluate(expr: str, flags: set[str], where: str) -> bool:
    if not expr:
        raise TemplateError(f"{where}: a condition is missing")
    result = False
    for term in expr.split(" or "):
        value = True
        for factor in term.split(" and "):
            words = factor.split()
            negate = bool(words) and words[0] == "not"
            if negate:
                words = words[1:]
            if len(words) != 1 or not _FLAG.match(words[0]):
                raise TemplateError(f"{where}: cannot read the condition {expr!r}")
            value = value and ((words[0] in flags) != negate)
        result = result or value
    return result


def render(name: str, template: str, flags: set[str]) -> tuple[str, list[Citation]]:
    """The file for this set of planted flags, and the lines it cites."""
    out: list[str] = []
    cited: list[tuple[str, int, str]] = []
    # Each open block: (this branch is on, some branch was already taken, the enclosing block is on).
    stack: list[list[bool]] = []
    on = True
    for number, line in enumerate(template.splitlines(), start=1):
        where = f"{name} line {number}"
        directive = _DIRECTIVE.match(line)
        if directive:
            word, expr = directive.groups()
            if word == "if":
                value = on and evaluate(expr, flags, where)
                stack.append([value, value, on])
                on = value
            elif not stack:
                raise TemplateError(f"{where}: {word!r} without an open 'if'")
            elif word == "elif":
                block = stack[-1]
                value = block[2] and not block[1] and evaluate(expr, flags, where)
                block[0], block[1] = value, block[1] or value
                on = value
            elif word == "else":
                if expr:
                    raise TemplateError(f"{where}: 'else' takes no condition")
                block = stack[-1]
                value = block[2] and not block[1]
                block[0], block[1] = value, True
                on = value
            else:
                if expr:
                    raise TemplateError(f"{where}: 'end' takes no condition")
                on = stack.pop()[2]
            continue
        if not on:
            continue
        mark = _CITATION.search(line)
        if mark:
            line = line[: mark.start()]
            for flag in mark.group(1).split():
                if flag in flags:
                    cited.append((flag, len(out) + 1, line))
        out.append(line)
    if stack:
        raise TemplateError(f"{name}: an 'if' is never closed with 'end'")
    return "\n".join(out) + "\n", [Citation(flag, name, line, text) for flag, line, text in cited]


def flags_used(template: str) -> set[str]:
    """Every flag a template's conditions and citations name (for the menu's consistency check)."""
    used: set[str] = set()
    for line in template.splitlines():
        directive = _DIRECTIVE.match(line)
        if directive and directive.group(1) in ("if", "elif"):
            used |= {w for w in re.split(r"\s+", directive.group(2)) if w not in ("and", "or", "not") and w}
        mark = _CITATION.search(line)
        if mark and not directive:
            used |= set(mark.group(1).split())
    return used
