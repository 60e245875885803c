"""What to do next: the gap list for the candidate, probes for the interviewer, and the answer review."""

from __future__ import annotations

from typing import Any

from .bank import Bank, Item
from .links import link_dict as _link
from .scoring import AreaScore, claim, credit, percent


def _best(item: Item, bank: Bank) -> str:
    if item.kind == "computed":
        return item.option(bank.keys[item.id]).text
    return next(o.text for o in item.options if o.credit == 1)


def gaps(bank: Bank, areas: list[AreaScore], answers: dict[str, str]) -> list[dict[str, Any]]:
    """Areas scoring below the bank's gap line, weakest first, with what to read and what was missed."""
    below = sorted((a for a in areas if a.score < bank.rules.gap_below), key=lambda a: a.score)
    out = []
    for area in below:
        missed = [i for i in bank.area_items(area.id) if i.scored and credit(bank, i, answers.get(i.id)) < 1]
        reads, seen = [], set()
        for link in (*bank.area(area.id).read, *(i.read for i in missed if i.read)):
            if link.link not in seen:
                seen.add(link.link)
                reads.append(_link(link))
        out.append({
            "area": area.id, "title": area.title, "score": area.score, "required": area.required,
            "read": reads,
            "missed": [{"item": i.id, "topic": i.topic, "answered": i.id in answers} for i in missed],
        })
    return out


def probes(bank: Bank, answers: dict[str, str], consistency: list[dict[str, Any]], foils_claimed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Questions for an interviewer: the highest scope claims, claimed foils, claims ahead of answers."""
    out = []
    claims = [i for i in bank.items if i.kind == "scope" and claim(answers.get(i.id)) >= 2]
    claims.sort(key=lambda i: -claim(answers.get(i.id)))  # stable: bank order on ties
    chosen = claims[: bank.rules.probe_claims]
    for item in chosen:
        level = claim(answers.get(item.id))
        out.append({"why": "high-claim", "area": item.area, "item": item.id, "claim": level,
                    "reason": f"Rated {level} ({bank.scale[level]}): {item.prompt}",
                    "ask": item.probe, "listen": item.listen})
    if foils_claimed:
        named = ", ".join(f"{f['name']} ({f['claim']})" for f in foils_claimed)
        out.append({"why": "foil", "area": None, "items": [f["item"] for f in foils_claimed], "claim": max(f["claim"] for f in foils_claimed),
                     "reason": f"Rated experience with {len(foils_claimed)} thing(s) that do not exist: {named}",
                     "ask": "Ask about each one in turn: where did you use it, and what did it tell you?",
                     "listen": "None of them exists. A candidate who says they do not recognise a name, or explains what they "
                               "mistook it for, is being straight with you; a confident story about one is worth noting."})
    chosen_ids = {i.id for i in chosen}
    for flag in consistency:
        if flag["direction"] != "claims-more":
            continue
        scope_items = [i for i in bank.area_items(flag["area"]) if i.kind == "scope"]
        item = max(scope_items, key=lambda i: claim(answers.get(i.id)))
        if item.id in chosen_ids:
            continue
        out.append({"why": "claims-ahead", "area": flag["area"], "item": item.id, "claim": claim(answers.get(item.id)),
                    "reason": f"{flag['title']}: scope {flag['scope']} but accuracy {flag['accuracy']} (rated {claim(answers.get(item.id))}: {item.prompt})",
                    "ask": item.probe, "listen": item.listen})
    return out


def review(bank: Bank, answers: dict[str, str]) -> list[dict[str, Any]]:
    """Every scenario and computed question with the answer given, the best answer and why."""
    out = []
    for item in bank.items:
        if not item.scored:
            continue
        given = answers.get(item.id)
        option = item.option(given) if given is not None else None
        entry = {
            "item": item.id, "area": item.area, "topic": item.topic, "prompt": item.prompt,
            "answer": option.text if option else None,
            "best": _best(item, bank),
            "credit": percent(credit(bank, item, given)),
            "red_flag": option.red_flag if option and option.red_flag else None,
            "explain": item.explain,
            "read": _link(item.read) if item.read else None,
        }
        if item.kind == "computed":
            entry["measured"] = bank.measured.get(item.id)
        out.append(entry)
    return out


def evidence(bank: Bank, answers: dict[str, str]) -> list[dict[str, Any]]:
    return [{"item": i.id, "area": i.area, "prompt": i.prompt, "text": answers.get(i.id, "")}
            for i in bank.items if i.kind == "evidence"]


def scope_claims(bank: Bank, answers: dict[str, str]) -> list[dict[str, Any]]:
    """Every scope rating given, for the export (foils are listed separately once revealed)."""
    return [{"item": i.id, "area": i.area, "prompt": i.prompt, "claim": claim(answers.get(i.id)),
             "answered": i.id in answers, "anchor": i.anchors[claim(answers.get(i.id))]}
            for i in bank.items if i.kind == "scope"]

