"""Fast matching of the linter's rule patterns over long pastes.

Python's regular expressions try a pattern at every position of the text unless it starts with a
literal; a rule pattern such as ``\\bterraform\\b`` compiled case-insensitively costs ~50 ms per
megabyte, and the linter has about a hundred patterns. Two things make a paste of a megabyte
lint in well under a second instead:

- every pattern is compiled a second time for the lower-cased text, case-sensitively and without
  its leading ``\\b`` (checked afterwards), so the engine's literal-prefix search applies;
- a pattern runs only when a word it cannot match without (found from its parse tree) occurs in
  the text; that test is one ``str.count`` per word.

Both are optimisations only: matches are the same as the pattern's own (a test compares them on
the corpus and on generated text). Anything the parse tree does not allow (a case-sensitive group,
a text whose lower-case form has another length) falls back to the pattern as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # the parser behind `re`; present in CPython 3.11 and 3.12 (Pyodide)
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - another Python: no fast path, same results
    _parser = None



@dataclass(frozen=True)
class Fast:
    """A pattern prepared for the lower-cased text."""

    pattern: re.Pattern  # the original (for the fallback)
    lowered: re.Pattern | None  # case-sensitive, for lower-cased text; None: use the original
    boundary: bool  # the original starts with \b: check it after each match
    keywords: frozenset[str] | None  # one of these occurs in every match (None: unknown)
    original_stripped: re.Pattern | None = None  # case-sensitive pattern without its leading \b


_cache: dict[tuple[str, int], Fast] = {}


def prepare(pattern: re.Pattern) -> Fast:
    key = (pattern.pattern, pattern.flags)
    fast = _cache.get(key)
    if fast is None:
        fast = _cache[key] = _prepare(pattern)
    return fast


def _prepare(pattern: re.Pattern) -> Fast:
    source = pattern.pattern
    if _parser is None or not pattern.flags & re.IGNORECASE:
        return Fast(pattern, None, False, None)
    try:
        tree = _parser.parse(source, pattern.flags)
        keywords = _required(list(tree))
    except Exception:  # an unusual construct: no fast path, same results
        return Fast(pattern, None, False, None)
    lowered = None
    boundary = False
    if "(?-i" in source:
        # A case-sensitive part: no lower-cased form, but the leading \b can still go, so the
        # engine searches for the first letters instead of trying every position.
        if source.startswith(r"\b"):
            try:
                stripped = re.compile(source[2:], pattern.flags)
            except re.error:
                return Fast(pattern, None, False, keywords)
            return Fast(pattern, None, True, keywords, stripped)
    else:
        body = source
        if body.startswith(r"\b"):
            body, boundary = body[2:], True
        try:
            lowered = re.compile(_lower_source(body), pattern.flags & ~re.IGNORECASE)
        except re.error:
            lowered, boundary = None, False
    return Fast(pattern, lowered, boundary, keywords)


def _lower_source(source: str) -> str:
    """Lower-case the letters of a pattern that are literal text, leaving escapes (\\b, \\S, \\x2F)
    as written."""
    out = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            out.append(source[i:i + 2])
            i += 2
            continue
        if ch == "(" and source.startswith("(?P<", i):
            end = source.index(">", i)
            out.append(source[i:end + 1])
            i = end + 1
            continue
        out.append(ch.lower())
        i += 1
    return "".join(out)


def _required(items) -> frozenset[str] | None:
    """Strings of which at least one occurs in every match of a parsed sequence (lower-cased), or
    None when no such set is found."""
    candidates: list[frozenset[str]] = []
    run = []
    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg).lower())
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        if op is _c.SUBPATTERN:
            found = _required(list(arg[3]))
        elif op is _c.ATOMIC_GROUP:
            found = _required(list(arg))
        elif op is _c.BRANCH:
            parts = [_required(list(b)) for b in arg[1]]
            found = None if any(p is None for p in parts) else frozenset().union(*parts)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) and arg[0] >= 1:
            found = _required(list(arg[2]))
        else:
            found = None
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset(["".join(run)]))
    if not candidates:
        return None
    return max(candidates, key=lambda s: (min(len(w) for w in s), -len(s)))


_WORDS = re.compile(r"\w+")


class Scanner:
    """One text, with its lower-cased copy, for running many patterns over it."""

    def __init__(self, text: str):
        self.text = text
        lowered = text.lower()
        self.lowered = lowered if len(lowered) == len(text) else None
        self._present: dict[str, bool] = {}
        # The distinct whitespace-separated pieces of the text, joined: a word occurs in the text
        # only if it occurs in one piece, and a repetitive paste has few distinct pieces, so the
        # presence test is fast on any paste.
        pieces = set(lowered.split()) if self.lowered is not None else set()
        long = [p for p in pieces if len(p) > 64]
        for piece in long:
            pieces.discard(piece)
            pieces.update(_WORDS.findall(piece))
        self._pieces = "\n".join(pieces)

    def _may_match(self, fast: Fast) -> bool:
        if fast.keywords is None or self.lowered is None:
            return True
        for word in fast.keywords:
            hit = self._present.get(word)
            if hit is None:
                words = _WORDS.findall(word)
                hit = all(w in self._pieces for w in words) if words else word in self.lowered
                self._present[word] = hit
            if hit:
                return True
        return False

    def finditer(self, pattern: re.Pattern):
        """The matches of `pattern` in the text, as (start, end) pairs, in order."""
        fast = prepare(pattern)
        if not self._may_match(fast):
            return
        text = self.text
        if fast.original_stripped is not None:
            haystack, search = text, fast.original_stripped.search
        elif fast.lowered is None or self.lowered is None:
            for m in pattern.finditer(text):
                yield m.start(), m.end()
            return
        else:
            haystack, search = self.lowered, fast.lowered.search
        position = 0
        while True:
            m = search(haystack, position)
            if m is None:
                return
            start, end = m.span()
            if fast.boundary and not _is_boundary(text, start):
                # Not a match of the original; look again from the next character, as the
                # original's scan would.
                position = start + 1
                continue
            yield start, end
            position = end if end > start else end + 1

    def search(self, pattern: re.Pattern) -> bool:
        for _ in self.finditer(pattern):
            return True
        return False


def _is_boundary(text: str, position: int) -> bool:
    """Whether `position` is a word boundary (the original's leading \\b)."""
    before = position > 0 and _is_word(text[position - 1])
    after = position < len(text) and _is_word(text[position])
    return before != after


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"
