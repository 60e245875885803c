"""The bank as the page shows it: areas in order, options in this attempt's seeded order, tables ready to draw.

Nothing here tells the page which answer is right: no credits, keys, red flags or explanations,
and foils look like any other scope question. The result reveals all of that at the end.
"""

from __future__ import annotations

import random
import secrets
from typing import Any

from .answers import SCHEMA, SEED_LIMIT, check_seed
from .bank import EVIDENCE_MAX_CHARS, Bank, Column, Item, Reading
from .rules_text import rules_in_words
from .tokens import Codec, codec


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _count_table(column: Column, reading: Reading) -> dict[str, Any]:
    kind = "Category" if column.edges is None else "Bin"
    rows = [[label, str(r), str(c)] for label, r, c in zip(column.labels, column.reference, column.current)]
    return {
        "caption": f"{column.name}: counts per {kind.lower()}",
        "header": [kind, reading.reference_label, reading.current_label],
        "rows": rows,
        "total": ["Total", str(sum(column.reference)), str(sum(column.current))],
    }


def _values_table(reading: Reading) -> dict[str, Any]:
    unit = f" ({reading.unit})" if reading.unit else ""
    return {
        "caption": f"The two samples{unit}",
        "header": ["Sample", f"Values{unit}"],
        "rows": [[reading.reference_label, ", ".join(map(_number, reading.reference))],
                 [reading.current_label, ", ".join(map(_number, reading.current))]],
        "total": None,
    }


def _shuffled(item: Item, seed: int) -> list[Any]:
    """Scenario and computed options in this attempt's order: every option moves, readings and
    catch-alls ("none of them") included, so no position says anything about the key."""
    options = list(item.options)
    random.Random(f"{seed}:{item.id}").shuffle(options)
    return options


def _area_order(bank: Bank, area_id: str, seed: int) -> list[Item]:
    """The area's questions with its scope questions (foils among them) in a seeded order of their own places."""
    items = bank.area_items(area_id)
    places = [n for n, i in enumerate(items) if i.kind in ("scope", "foil")]
    scopes = [items[n] for n in places]
    random.Random(f"{seed}:{area_id}:scope").shuffle(scopes)
    for n, item in zip(places, scopes):
        items[n] = item
    return items


def _question(bank: Bank, item: Item, seed: int, names: Codec | None) -> dict[str, Any]:
    base = {"id": names.item(item.id) if names else item.id, "area": item.area, "prompt": item.prompt}
    if item.kind in ("scope", "foil"):
        return {**base, "kind": "scope",
                "options": [{"id": str(n), "step": bank.scale[n], "text": anchor} for n, anchor in enumerate(item.anchors)]}
    if item.kind == "evidence":
        return {**base, "kind": "evidence", "max_chars": EVIDENCE_MAX_CHARS}
    question = {**base, "kind": item.kind,
                "options": [{"id": names.option(item.id, o.id) if names else o.id, "text": o.text} for o in _shuffled(item, seed)]}
    if item.reading is not None:
        reading = item.reading
        if reading.columns:
            question["tables"] = [_count_table(c, reading) for c in reading.columns]
        else:
            question["tables"] = [_values_table(reading)]
    return question


def for_page(bank: Bank, seed: int | None = None, *, public: bool = False) -> dict[str, Any]:
    """Everything the page needs to ask the questions; a new seed is drawn when none is given.

    ``public`` (what the page gets) names questions and options by this seed's opaque tokens
    (`tokens.Codec`), so no identifier on the page says which answer is keyed or which question is a foil.
    """
    seed = secrets.randbelow(SEED_LIMIT) if seed is None else check_seed(seed)
    names = codec(bank, seed) if public else None
    return {
        "version": bank.version,
        "hash": bank.hash,
        "title": bank.title,
        "seed": seed,
        "scale": list(bank.scale),
        "areas": [{
            "id": a.id, "title": a.title, "short": a.short, "required": a.required,
            "questions": [_question(bank, i, seed, names) for i in _area_order(bank, a.id, seed)],
        } for a in bank.areas],
        "rules": rules_in_words(bank),
        # what the page saves around the answers, so the evaluator can tell whose answers they are
        "state": {"schema": SCHEMA, "bank": {"version": bank.version, "hash": bank.hash}},
    }
