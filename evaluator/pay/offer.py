"""Where in a pay band to make an offer, from what the interviews showed.

Our advice, not a source's figure: split the band into thirds and offer in the third that matches
the evidence, so most offers land mid-band and leave room for the first raise.
"""

from __future__ import annotations

from ..errors import InputError

EVIDENCE = (
    {"id": "growing", "label": "Meets the level with room to grow (mostly Partial to Solid)", "third": 0,
     "explanation": "the lower third of the band, with a review date written into the offer."},
    {"id": "solid", "label": "Solid across the level's expectations", "third": 1,
     "explanation": "the middle third of the band. Most offers belong here: it leaves room for raises without re-banding."},
    {"id": "strong", "label": "Strong on most dimensions, including the ones you hired for", "third": 2,
     "explanation": "the upper third of the band. Offering at the very top leaves nowhere to go at the first review."},
)
MAX_PAY = 100_000_000
CAUTION = ("Decide on the interview evidence, not on the candidate's pay history: asking for it is banned in the EU "
           "directive's rules and in several US states. Before you send the offer, compare it with what people on your "
           "team at the same level earn.")


def offer_options() -> dict:
    return {
        "evidence": [{"id": e["id"], "label": e["label"]} for e in EVIDENCE],
        "help": {
            "band": "The band you set for the role, in whole currency units (for example 150000).",
            "evidence": "What the scorecards show at the level you are hiring for.",
        },
        "intro": ("Enter the band you advertised and what the interviews showed; the suggestion is the third of the band "
                  "that matches the evidence. This is our advice, not a figure from the pay sources."),
    }


def _amount(value, label: str) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(f"enter {label}")
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not text.isdigit():
            raise InputError(f"{label} must be a whole number, got {value!r}")
        value = int(text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{label} must be a whole number, got {value!r}")
    if not 0 < value <= MAX_PAY:
        raise InputError(f"{label} must be between 1 and {MAX_PAY:,}, got {value:,}")
    return value


def suggest_offer(low, high, evidence: str) -> dict:
    """The part of the band [low, high] to offer in for the given interview evidence."""
    low = _amount(low, "the bottom of the band")
    high = _amount(high, "the top of the band")
    if low >= high:
        raise InputError(f"the bottom of the band ({low:,}) must be below its top ({high:,})")
    choice = next((e for e in EVIDENCE if e["id"] == evidence), None)
    if choice is None:
        raise InputError(f"evidence {evidence!r} is not one of {', '.join(e['id'] for e in EVIDENCE)}")
    width = high - low
    start = low + round(width * choice["third"] / 3)
    end = low + round(width * (choice["third"] + 1) / 3)
    return {
        "evidence": choice["id"],
        "from": start,
        "to": end,
        "from_text": f"{start:,}",
        "to_text": f"{end:,}",
        "explanation": choice["explanation"],
        "caution": CAUTION,
    }
