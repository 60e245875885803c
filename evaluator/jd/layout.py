"""Where things are in a pasted job description: the title, the opening, headings, list items and
the section each belongs to, whatever shape the paste has (Markdown, plain text with bullet
characters, HTML lists, or one long line).

Every pattern here runs in time linear in the text (no nested unbounded repetition, bounded
look-arounds), and every lookup is a binary search, so a paste of any size is laid out in a few
passes over it.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

# Bullet characters seen in pasted adverts: ASCII, typographic, arrows, ticks, geometric shapes.
BULLETS = "•●○◦▪▫■□‣➢➤►▸▶✓✔✅☑→⇒»·∙⁃◆◇❖➔➜✦✧★☆"
# Emoji used as bullets ("🔹 Python", "👉 Kubernetes"), read at the start of a line only.
EMOJI = "\U0001F300-\U0001FAFF\u2600-\u27BF"
_LINE_ITEM = re.compile(
    r"^[ \t]{0,20}(?:[-*+–—](?=[ \t])|\d{1,3}[.)](?=[ \t])|[" + BULLETS + r"]|[" + EMOJI + r"]\ufe0f?(?=[ \t]))[ \t]{0,20}",
    re.MULTILINE)
_INLINE_ITEM = re.compile(r"(?<=\S)[ \t]{0,20}[" + BULLETS.replace("·", "") + r"][ \t]{0,20}")
_HTML_ITEM = re.compile(r"<li\b[^>\n]{0,200}>[ \t]{0,20}", re.IGNORECASE)
_LIST_GAP = re.compile(r"(?:\s|</?(?:li|p|br|span|div)\b[^<>]{0,100}>)*", re.IGNORECASE)

_MD_HEADING = re.compile(r"^[ \t]{0,20}#{1,6}[ \t]+[^\n]*$", re.MULTILINE)
_HTML_HEADING = re.compile(r"<h[1-6]\b[^>\n]{0,200}>[^<\n]{0,200}</h[1-6][ \t]{0,20}>", re.IGNORECASE)
_HTML_BOLD_HEADING = re.compile(
    r"<(?:strong|b)>[^<\n]{1,80}</(?:strong|b)>[ \t]{0,20}:?[ \t]{0,20}(?=<(?:/p|br|/div)\b|\n|\Z)", re.IGNORECASE)
_BOLD_LINE = re.compile(r"^[ \t]{0,20}(?:\*\*|__)[^*_\n]{1,80}(?:\*\*|__)[ \t]{0,20}:?[ \t]{0,20}$", re.MULTILINE)
_COLON_LINE = re.compile(r"^[ \t]{0,20}[^\n:.!?]{2,60}:[ \t]{0,20}$", re.MULTILINE)
_CAPS_LINE = re.compile(r"^[ \t]{0,20}[A-Z][A-Z &/'’-]{3,60}[ \t]{0,20}$", re.MULTILINE)
# A short line without a sentence end: a heading when its words are a section's ("Key Qualifications").
_SHORT_LINE = re.compile(r"^[ \t]{0,20}(?![-*+–—<\d" + BULLETS + EMOJI + r"])[^\n.!?,;]{2,45}$", re.MULTILINE)
_TAG = re.compile(r"<[^<>\n]{1,200}>")

_FIRST_SENTENCE = re.compile(r"\s*([^\n.;" + BULLETS + r"]{1,200})")
# The title ends at a sentence end when the first line runs on (a paste without line breaks).
_TITLE_END = re.compile(r"[.!?](?=\s)|\s[|–—]\s|\s-\s")
TITLE_MAX = 120
# An item without a line or list end stops at this many characters.
ITEM_MAX = 300
# Distinct heading texts classified by section; an advert has a dozen, and past this many the
# rest count as unclassified (headline) sections.
MAX_HEADING_KINDS = 2_000
# List items laid out; an advert has a few dozen. Items past this many are not headline text.
MAX_ITEMS = 5_000
# Colons read as possible inline headings; an advert has a few dozen.
MAX_COLONS = 5_000


@dataclass(frozen=True)
class Item:
    start: int  # where the item's text starts (after the bullet)
    end: int
    index: int  # 1 for the first item of its list
    section: str  # kind of the heading above it ("" when none)


class Intervals:
    """A set of half-open ranges, merged, with a membership test in O(log n)."""

    def __init__(self, ranges: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(r for r in ranges if r[1] > r[0]):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def __contains__(self, position: int) -> bool:
        i = bisect.bisect_right(self.starts, position) - 1
        return i >= 0 and position < self.ends[i]

    def as_list(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends))


class Layout:
    """The parts of one text. `sections` is a list of (kind, pattern) classifying heading text."""

    def __init__(self, text: str, sections, headline_items: int, opening_chars: int):
        self.text = text
        self._sections = sections
        self._kinds: dict[str, str] = {}
        self.title = _title(text)
        self.headings = self._find_headings()
        self._heading_starts = [h[0] for h in self.headings]
        self.items = self._find_items()
        first_part = min([s for s, _, _ in self.headings if s >= self.title[1]]
                         + [i.start for i in self.items if i.start >= self.title[1]] + [len(text)])
        self.opening = (0, min(opening_chars, max(first_part, self.title[1])))
        headline = [self.title, self.opening]
        headline += [(s, e) for s, e, _ in self.headings]
        headline += [(i.start, i.end) for i in self.items
                     if i.index <= headline_items and i.section not in ("nice", "other")]
        first = self.first_requirement()
        if first is not None:
            headline.append(first)
        self.headline = Intervals(headline)

    # --- headings -------------------------------------------------------------------------------
    def _find_headings(self) -> list[tuple[int, int, str]]:
        text = self.text
        found: dict[int, tuple[int, str]] = {}
        for pattern in (_MD_HEADING, _HTML_HEADING, _HTML_BOLD_HEADING, _BOLD_LINE, _COLON_LINE, _CAPS_LINE):
            for m in pattern.finditer(text):
                if m.start() < self.title[1] and pattern in (_COLON_LINE, _CAPS_LINE):
                    continue  # the title line is the title, not a section heading
                kind = self._kind(_TAG.sub(" ", m.group()))
                found.setdefault(m.start(), (m.end(), kind))
        for m in _SHORT_LINE.finditer(text):
            if m.start() >= self.title[1] and m.start() not in found:
                kind = self._kind(m.group())
                if kind:
                    found[m.start()] = (m.end(), kind)
        # A section word followed by a colon, anywhere: the headings of a paste without line
        # breaks. Read backwards from each colon (at most MAX_COLONS of them), so the section
        # words are not tried at every position of the text.
        inline = self._inline_heading()
        if inline is not None:
            previous = -1
            colon = text.find(":")
            for _ in range(MAX_COLONS):
                if colon == -1:
                    break
                low = max(previous + 1, colon - 80)
                m = inline.search(text, low, colon + 1)
                if m is not None and m.start() not in found:
                    kind = self._kind(m.group())
                    if kind:
                        found[m.start()] = (m.end(), kind)
                previous = colon
                colon = text.find(":", colon + 1)
        return sorted((s, e, k) for s, (e, k) in found.items())

    def _inline_heading(self) -> re.Pattern | None:
        if not self._sections:
            return None
        words = "|".join(f"(?:{p.pattern})" for _, p in self._sections)
        return re.compile(rf"(?:{words})[^\n:.!?]{{0,30}}:\Z", re.IGNORECASE)

    def _kind(self, heading: str) -> str:
        kind = self._kinds.get(heading)
        if kind is None:
            kind = ""
            if len(self._kinds) < MAX_HEADING_KINDS:
                kind = next((k for k, pattern in self._sections if pattern.search(heading)), "")
            self._kinds[heading] = kind
        return kind

    def section_at(self, position: int) -> str:
        i = bisect.bisect_right(self._heading_starts, position) - 1
        return self.headings[i][2] if i >= 0 else ""

    # --- list items -----------------------------------------------------------------------------
    def _find_items(self) -> list[Item]:
        text = self.text
        markers = sorted({(m.start(), m.end()) for p in (_LINE_ITEM, _INLINE_ITEM, _HTML_ITEM)
                          for m in itertools.islice(p.finditer(text), MAX_ITEMS)})[:MAX_ITEMS]
        # Drop markers that start inside another marker (an indented bullet seen twice).
        starts: list[tuple[int, int]] = []
        for start, content in markers:
            if starts and start < starts[-1][1]:
                continue
            starts.append((start, content))
        items: list[Item] = []
        previous_end = None
        index = 0
        for k, (start, content) in enumerate(starts):
            limit = starts[k + 1][0] if k + 1 < len(starts) else len(text)
            h = bisect.bisect_right(self._heading_starts, content)
            if h < len(self.headings):
                limit = min(limit, max(self.headings[h][0], content))
            limit = min(limit, content + ITEM_MAX)
            end = text.find("\n", content, limit)
            end = limit if end == -1 else end
            close = text.find("</li", content, end)
            end = close if close != -1 else end
            same_list = (previous_end is not None and previous_end <= start
                         and _LIST_GAP.fullmatch(text, previous_end, start) is not None
                         and bisect.bisect_right(self._heading_starts, previous_end) == bisect.bisect_right(self._heading_starts, start))
            index = index + 1 if same_list else 1
            items.append(Item(content, max(end, content), index, self.section_at(start)))
            previous_end = end
        return items

    def first_requirement(self) -> tuple[int, int] | None:
        """The first item under the first requirements heading (or its first sentence when the
        requirements are not a list)."""
        for start, end, kind in self.headings:
            if kind != "requirements":
                continue
            i = _first_at(self.items, end)
            next_heading = bisect.bisect_right(self._heading_starts, end)
            section_end = self.headings[next_heading][0] if next_heading < len(self.headings) else len(self.text)
            if i is not None and self.items[i].start < section_end:
                item = self.items[i]
                return (item.start, item.end)
            m = _FIRST_SENTENCE.match(self.text, end, section_end)
            if m:
                return m.span(1)
        return None


def _first_at(items: list[Item], position: int) -> int | None:
    lo, hi = 0, len(items)
    while lo < hi:
        mid = (lo + hi) // 2
        if items[mid].start < position:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < len(items) else None


def _title(text: str) -> tuple[int, int]:
    """The first non-blank line, cut at its first sentence end or TITLE_MAX characters."""
    m = re.compile(r"\S").search(text)
    if not m:
        return (0, 0)
    start = m.start()
    end = text.find("\n", start, start + TITLE_MAX + 1)
    if end == -1:
        end = min(len(text), start + TITLE_MAX)
        stop = _TITLE_END.search(text, start, end)
        if stop and end < len(text):
            end = stop.start()
    return (start, end)
