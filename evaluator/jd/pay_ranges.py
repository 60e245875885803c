"""Pay ranges in a job description, in the formats adverts use: "$180,000-$220,000",
"148,000 USD - 276,000 USD", "£90k to £110k", "150-190k", "between 80,000 and 95,000 EUR",
"75.000 € – 90.000 €", "46,5k et 52,5k", "~$150k–$190k".

Amounts are found by one scan that cannot start inside a number (so a run of "1,1,1,..." is read
once, in linear time, not once per digit), then each amount is paired with the next one when only
a connector ("-", "to", "and", "et", "bis", ...) and currency marks stand between them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Grouped thousands ("148,000", "75.000", "75 000", "1'000") or a plain number with at most two
# decimals ("46,5", "180"), then an optional "k". The look-behind keeps a match from starting
# inside a run of digits and separators.
_AMOUNT = re.compile(
    r"(?P<num>\d(?<![\d.,']\d)"
    r"(?:\d{0,2}(?P<sep>[,.'\u00a0\u202f ])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d{1,2})?(?!\d)"
    r"|\d*(?:[.,]\d{1,2})?(?!\d)))"
    r"(?:[ \u00a0]?(?P<k>[kK])(?![A-Za-z]))?"
)
_CODES = "USD|EUR|GBP|CAD|AUD|NZD|CHF|INR|SEK|NOK|DKK|PLN|JPY|SGD|HKD|CNY|BRL|MXN|ZAR|ILS"
_CURRENCY_BEFORE = re.compile(rf"(?:[$£€¥₹]|\b(?:{_CODES})|\bRs\.?)[ \u00a0]?\Z")
_CURRENCY_AFTER = re.compile(rf"[ \u00a0]?(?:[$£€¥₹]|(?:{_CODES}|kr|zł|Fr)\b|euros?\b|dollars?\b|pounds?\b)", re.IGNORECASE)
_CURRENCY = rf"(?:[$£€¥₹]|US\$|CA?\$|AU?\$|(?:{_CODES}|kr|zł|euros?|dollars?|pounds?)\b)"
_CONNECTOR = re.compile(
    rf"[ \u00a0]*{_CURRENCY}?[ \u00a0]*(?:-|–|—|‑|−|~|to|and|und|et|à|a|y|bis|au|through)[ \u00a0]*(?:{_CURRENCY}|US|CA|AU)?[ \u00a0]*",
    re.IGNORECASE)
# Both numbers in 1900-2100 with no currency and no "k": years ("2019-2023"), not pay.
_YEARS = (1900, 2100)
MAX_RATIO = 20.0  # beyond this the two numbers are not one range
# A paste with more numbers than this is not an advert; only its first numbers are read, so the
# time stays bounded (an advert has a few dozen).
MAX_AMOUNTS = 5_000
# Up to this many amounts, pay words are looked for around each pair; beyond it, once over the text.
WINDOWED_PAIRS = 200


@dataclass(frozen=True)
class PayRange:
    start: int
    end: int
    low: float
    high: float

    @property
    def ratio(self) -> float:
        return self.high / self.low


@dataclass(frozen=True)
class _Amount:
    start: int
    end: int
    value: float
    k: bool
    currency: bool


def _value(number: str, grouped: bool) -> float:
    if grouped:
        # The last separator is a decimal mark only when one or two digits follow it.
        m = re.search(r"[.,](\d{1,2})$", number)
        decimals = 0.0
        if m and len(number) - m.start() <= 3:
            decimals = float("0." + m.group(1))
            number = number[:m.start()]
        return float(re.sub(r"\D", "", number)) + decimals
    return float(number.replace(",", "."))


def amounts(text: str) -> list[_Amount]:
    found: list[_Amount] = []
    for m in _AMOUNT.finditer(text):
        if len(found) >= MAX_AMOUNTS:
            break
        start, end = m.span()
        before = _CURRENCY_BEFORE.search(text, max(0, start - 4), start) is not None
        after = _CURRENCY_AFTER.match(text, end, end + 9) is not None
        if start and text[start - 1].isalpha() and not before:
            continue  # part of a name such as "S3" or "GPT4"
        value = _value(m.group("num"), m.group("sep") is not None)
        k = m.group("k") is not None
        found.append(_Amount(start, end, value * (1000 if k else 1), k, before or after))
    return found


def pay_ranges(text: str, context: re.Pattern, scanner=None) -> list[PayRange]:
    """Every pay range in `text`. `context` matches words that say a number is pay (salary, base,
    per year, fourchette, Gehalt, ...); it is looked for near amounts that carry no currency."""
    found = []
    nums = amounts(text)
    context_starts: list[int] | None = None
    for a, b in zip(nums, nums[1:]):
        if b.start - a.end > 40 or _CONNECTOR.fullmatch(text, a.end, b.start) is None:
            continue
        low, high = a.value, b.value
        if b.k and not a.k and low < 1000 <= high:
            low *= 1000  # "150-190k"
        if low <= 0 or high < low or high / low > MAX_RATIO:
            continue
        currency = a.currency or b.currency
        k = a.k or b.k
        if not currency and not k and _YEARS[0] <= low <= high <= _YEARS[1]:
            continue
        if scanner is None or len(nums) <= WINDOWED_PAIRS:
            near = context.search(text, max(0, a.start - 120), min(len(text), b.end + 60)) is not None
        else:
            if context_starts is None:  # one pass over the text, the first time it is needed
                context_starts = [start for start, _ in scanner.finditer(context)]
            i = bisect.bisect_left(context_starts, a.start - 120)
            near = i < len(context_starts) and context_starts[i] <= b.end + 60
        if (currency and (near or low >= 1000)) or (near and low >= 1000):
            end = b.end
            tail = _CURRENCY_AFTER.match(text, end, end + 9)
            if tail:
                end = tail.end()
            start = a.start
            head = _CURRENCY_BEFORE.search(text, max(0, start - 4), start)
            if head:
                start = head.start()
            found.append(PayRange(start, end, low, high))
    return found
