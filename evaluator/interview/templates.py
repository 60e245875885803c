"""Line templates for the exercise files: keep or drop lines by planted fault, and find cited lines.

A template is ordinary text with two kinds of marks, both removed from the output:

- a directive on a line of its own: ``#% if EXPR``, ``#% elif EXPR``, ``#% else``, ``#% end``
  (they nest). EXPR names flags joined by ``and`` / ``or``, each optionally after ``not``
  (``and`` binds first; no brackets). A flag is a fault id (``skew``) or a fault's option
  (``skew.tenure``), set when it is planted.
- a citation at the end of a kept line: ``  #@ skew.tenure zip-truncation``. The line is recorded as
  cited for every listed flag that is set, so an answer key can quote it with its real number.
- a name, ``{{build_features}}``, replaced by the variant's own word for it (``names``).
- a region whose parts come in the variant's own order: ``#% shuffle NAME`` opens it, ``#% part``
  starts the next part, ``#% endshuffle`` closes it (``order(NAME, count)`` gives the order). A
  region lies inside one branch of an ``if``, never across one.

Citations are numbered after the parts are ordered, so they point at the lines as the file reads.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_DIRECTIVE = re.compile(r"^\s*#%\s*(if|elif|else|endshuffle|end|shuffle|part)\b\s*(.*?)\s*$")
_NAME = re.compile(r"\{\{([a-z_0-9]+)\}\}")
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


def _names(line: str, names: dict[str, str], where: str) -> str:
    def one(match: re.Match) -> str:
        if match[1] not in names:
            raise TemplateError(f"{where}: no name {{{{{match[1]}}}}} for this variant")
        return names[match[1]]

    return _NAME.sub(one, line)


def _in_order(count: int) -> list[int]:
    return list(range(count))


@functools.lru_cache(maxsize=64)
def _lines(template: str) -> tuple[tuple[int, tuple[str, str] | None, str, tuple[str, ...]], ...]:
    """The template read once: each line's number, its directive (or None), its text without a
    citation mark, and the flags that mark cites."""
    out = []
    for number, line in enumerate(template.splitlines(), start=1):
        directive = _DIRECTIVE.match(line)
        if directive:
            out.append((number, directive.groups(), line, ()))
            continue
        mark = _CITATION.search(line)
        out.append((number, None, line[: mark.start()] if mark else line, tuple(mark.group(1).split()) if mark else ()))
    return tuple(out)


def render(name: str, template: str, flags: set[str], names: dict[str, str] | None = None,
           order=None) -> tuple[str, list[Citation]]:
    """The file for this set of planted flags, and the lines it cites. ``names`` fills {{name}}
    marks; ``order(region, count)`` orders a shuffle region's parts (default: as written)."""
    names = names or {}
    # A tree: a line is (text, flags it cites); a region is [region name, [part, part, ...]].
    root: list = []
    regions: list[tuple[list, int]] = []  # open regions: (the region, the if-depth it opened at)
    target = root
    # Each open block: (this branch is on, some branch was already taken, the enclosing block is on).
    stack: list[list[bool]] = []
    on = True
    for number, directive, line, marks in _lines(template):
        where = f"{name} line {number}"
        if directive:
            word, expr = directive
            if word in ("shuffle", "part", "endshuffle"):
                if word == "shuffle":
                    if not _FLAG.match(expr or ""):
                        raise TemplateError(f"{where}: 'shuffle' needs a region name")
                    region = [expr, [[]]]
                    target.append(region)
                    regions.append((region, len(stack)))
                    target = region[1][-1]
                    continue
                if not regions:
                    raise TemplateError(f"{where}: {word!r} without an open 'shuffle'")
                if expr:
                    raise TemplateError(f"{where}: {word!r} takes no argument")
                region, depth = regions[-1]
                if depth != len(stack):
                    raise TemplateError(f"{where}: a shuffle region may not cross an 'if'")
                if word == "part":
                    region[1].append([])
                    target = region[1][-1]
                else:
                    regions.pop()
                    target = regions[-1][0][1][-1] if regions else root
                continue
            if word == "if":
                value = on and evaluate(expr, flags, where)
                stack.append([value, value, on])
                on = value
            elif not stack:
                raise TemplateError(f"{where}: {word!r} without an open 'if'")
            elif regions and regions[-1][1] >= len(stack):
                raise TemplateError(f"{where}: a shuffle region may not cross an 'if'")
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
        cites = [flag for flag in marks if flag in flags]
        target.append((_names(line, names, where) if "{{" in line else line, cites))
    if stack:
        raise TemplateError(f"{name}: an 'if' is never closed with 'end'")
    if regions:
        raise TemplateError(f"{name}: a 'shuffle' is never closed with 'endshuffle'")
    arrange = order or (lambda region, count: _in_order(count))
    out: list[str] = []
    cited: list[Citation] = []

    def emit(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, tuple):
                text, cites = entry
                out.append(text)
                cited.extend(Citation(flag, name, len(out), text) for flag in cites)
            else:
                region, parts = entry
                permutation = list(arrange(region, len(parts)))
                if sorted(permutation) != list(range(len(parts))):
                    raise TemplateError(f"{name}: the order of region {region!r} is not a permutation")
                for i in permutation:
                    emit(parts[i])

    emit(root)
    return "\n".join(out) + "\n", cited


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
