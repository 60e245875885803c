"""Scripted respondents: answering strategies that know nothing of MLOps, and honest profiles that do.

Surface strategies see only what the page sees (`evaluator.api.assessment_bank`: prompts, option
texts in this attempt's order, identifiers) and pick by a cue a test-wise candidate might use.
Honest profiles are written from docs/data/levels.toml: a person at a level knows the subject to
that level, rates their reach at that level's scope, has one weak area and rates no foil.
No randomness outside the seeds given.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from typing import Any, Callable

from evaluator import api
from evaluator.assessment.bank import Bank
from evaluator.assessment.result import score

WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'-]*")
PUNCTUATION = re.compile(r"[,;:()\-/]")
HEDGES = {"usually", "often", "may", "might", "perhaps", "likely", "unless", "depends", "if", "only", "first",
          "then", "before", "after", "whether", "some", "most", "rather", "until", "once", "both", "each"}
STOP = {"the", "a", "an", "of", "to", "and", "or", "in", "on", "for", "is", "it", "its", "with", "as", "by", "be",
        "that", "this", "what", "which", "do", "you", "your", "are", "at", "from", "so", "not", "no"}


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def technical(text: str) -> int:
    """Words that look technical: long words, words with digits, underscores or capitals inside, acronyms."""
    return sum(len(w) >= 9 or any(c.isdigit() for c in w) or "_" in w or (w.isupper() and len(w) > 1) or
               any(c.isupper() for c in w[1:]) for w in WORD.findall(text))


def overlap(option: str, prompt: str) -> float:
    a, b = set(words(option)) - STOP, set(words(prompt)) - STOP
    return len(a & b) / (len(a | b) or 1)


CUES: dict[str, Callable[[dict, dict], float]] = {
    "longest": lambda q, o: len(o["text"]),
    "shortest": lambda q, o: -len(o["text"]),
    "most-punctuation": lambda q, o: len(PUNCTUATION.findall(o["text"])),
    "most-technical": lambda q, o: technical(o["text"]),
    "most-hedged": lambda q, o: sum(w in HEDGES for w in words(o["text"])),
    "like-the-question": lambda q, o: overlap(o["text"], q["prompt"]),
}


def choice_questions(page: dict) -> list[dict]:
    return [q for a in page["areas"] for q in a["questions"] if q["kind"] in ("scenario", "computed")]


def scope_questions(page: dict) -> list[dict]:
    return [q for a in page["areas"] for q in a["questions"] if q["kind"] == "scope"]


def by_cue(cue: str) -> Callable[[dict], str]:
    """Pick the option the cue rates highest (first shown on ties)."""
    measure = CUES[cue]

    def pick(q: dict) -> str:
        best = max(range(len(q["options"])), key=lambda i: (measure(q, q["options"][i]), -i))
        return q["options"][best]["id"]
    return pick


def by_position(n: int | str) -> Callable[[dict], str]:
    def pick(q: dict) -> str:
        options = q["options"]
        index = len(options) // 2 if n == "middle" else len(options) - 1 if n == "last" else min(int(n), len(options) - 1)
        return options[index]["id"]
    return pick


# ------------------------------------------------------------------------------ foil spotting

def _name_like(prompt: str) -> int:
    """Capitalised words after the first word, and hyphenated capitalised names: what an invented name looks like."""
    tokens = WORD.findall(prompt)[1:]
    return sum(t[0].isupper() for t in tokens) + sum("-" in t and t[0].isupper() for t in tokens)


def _anchor_oddity(page: dict) -> Callable[[dict], float]:
    """How unusual a question's anchors are: first-step wording shared with no other question scores high."""
    firsts = Counter(q["options"][0]["text"] for q in scope_questions(page))
    return lambda q: 1.0 / firsts[q["options"][0]["text"]]


FOIL_CUES: dict[str, Callable[[dict], Callable[[dict], float]]] = {
    "capitalised-name": lambda page: lambda q: _name_like(q["prompt"]),
    "shortest-prompt": lambda page: lambda q: -len(q["prompt"]),
    "longest-prompt": lambda page: lambda q: len(q["prompt"]),
    "odd-first-anchor": _anchor_oddity,
    "short-anchors": lambda page: lambda q: -sum(len(o["text"]) for o in q["options"]),
    "name-in-anchors": lambda page: lambda q: sum(_name_like(" x " + o["text"]) for o in q["options"]),
    "last-in-area": lambda page: None,  # positional: handled below
    "third-in-area": lambda page: None,
}


def suspected_foils(page: dict, cue: str, per_area: int = 2) -> set[str]:
    """The `per_area` scope questions of each area that look most like foils by one cue."""
    out: set[str] = set()
    for area in page["areas"]:
        scopes = [q for q in area["questions"] if q["kind"] == "scope"]
        if cue == "last-in-area":
            out |= {q["id"] for q in scopes[-per_area:]}
        elif cue == "third-in-area":
            out |= {q["id"] for q in scopes[2:2 + per_area]}
        else:
            measure = FOIL_CUES[cue](page)
            ranked = sorted(scopes, key=lambda q: (-measure(q), scopes.index(q)))
            out |= {q["id"] for q in ranked[:per_area]}
    return out


# ------------------------------------------------------------------------------ respondents

def surface(page: dict, pick: Callable[[dict], str], rating: int | None, foils: set[str] = frozenset(),
            rng: random.Random | None = None) -> dict[str, str]:
    """Answers from a cue for choice questions and a fixed `rating` on every scope question
    (0 on the suspected foils); `rating` None draws each from `rng`."""
    answers = {q["id"]: pick(q) for q in choice_questions(page)}
    for q in scope_questions(page):
        answers[q["id"]] = "0" if q["id"] in foils else str(rating if rating is not None else rng.randrange(5))
    return answers


def random_answers(page: dict, seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    return surface(page, lambda q: rng.choice(q["options"])["id"], None, rng=rng)


def surface_respondents(page: dict) -> dict[str, dict[str, str]]:
    """Every surface strategy with scope ratings 1 to 4, plus foil-spotting variants."""
    picks: dict[str, Callable[[dict], str]] = {name: by_cue(name) for name in CUES}
    picks |= {f"position-{n}": by_position(n) for n in (0, 1, 2, 3, "last")}
    picks["first-identifier"] = lambda q: min(o["id"] for o in q["options"])  # identifiers as a cue
    out = {}
    for name, pick in picks.items():
        for rating in (1, 2, 3, 4):
            out[f"{name}, scope {rating}"] = surface(page, pick, rating)
        for cue in FOIL_CUES:
            for rating in (1, 2, 3, 4):
                out[f"{name}, foils by {cue}, scope {rating}"] = surface(page, pick, rating, suspected_foils(page, cue))
    out["all-middle"] = surface(page, by_position("middle"), 2)
    out["all-maximum"] = surface(page, by_position("last"), 4)
    return out


def _rank(item_id: str) -> str:
    return hashlib.sha256(item_id.encode()).hexdigest()


def _ranked_options(item) -> list[str]:
    """Option ids best first (scenario: by credit; computed: the key, then the rest)."""
    return [o.id for o in sorted(item.options, key=lambda o: -(o.credit or 0))]


def honest(bank: Bank, level: str, weak: str, *, modest: bool = False) -> dict[str, str]:
    """A person at `level` (levels.toml's scope; the share of questions they get fully right grows with
    the level), weaker in one area, rating no foil. `modest` rates one step below their scope."""
    order = [b.level for b in bank.rules.bars]
    bar = next(b for b in bank.rules.bars if b.level == level)
    know = {"mid": 0.6, "senior": 0.8, "staff": 1.0}[level]  # share of an area's questions fully right
    weak_know = 0.3  # the weak area: under mid-level knowledge, whatever the level
    answers: dict[str, str] = {}
    for area in bank.areas:
        share = weak_know if area.id == weak else know
        scored = sorted((i for i in bank.area_items(area.id) if i.scored), key=lambda i: _rank(i.id))
        right = round(share * len(scored))
        for n, item in enumerate(scored):
            if item.kind == "computed":
                options = [bank.keys[item.id], *(o.id for o in item.options if o.id != bank.keys[item.id])]
            else:
                options = _ranked_options(item)
            # the rest: the next-best answer
            answers[item.id] = options[0] if n < right else options[1]
        rating = bar.scope - (1 if modest else 0)
        if area.id == weak:  # honest about the weak area: never a standard for others there
            rating = min(rating - 1, 2)
        for item in bank.area_items(area.id):
            if item.kind == "scope":
                answers[item.id] = str(max(0, rating))
            elif item.kind == "foil":
                answers[item.id] = "0"
    assert level in order
    return answers


HONEST = [  # (name, level, weak area): platform lean weak on a model-side area, model lean on a platform-side one
    ("platform mid, weak monitoring", "mid", "monitoring"),
    ("model mid, weak feature stores", "mid", "feature-stores"),
    ("platform senior, weak monitoring", "senior", "monitoring"),
    ("model senior, weak CI/CD", "senior", "ci-cd"),
    ("platform staff, weak debugging", "staff", "production-debugging"),
    ("model staff, weak distributed training", "staff", "distributed-training"),
]


def outcome(result: dict[str, Any]) -> dict[str, Any]:
    level = result["level"]
    return {"level": level["id"], "unverified": bool(level.get("unverified")), "reasons": [r["text"] for r in level.get("reasons", [])],
            "floor": result["floor"]["score"], "accuracy": result["accuracy"], "overclaiming": result["overclaiming"]["index"]}


def score_page_answers(answers: dict[str, str], seed: int) -> dict[str, Any]:
    return api.assessment_score(answers=answers, seed=seed)


def score_bank_answers(bank: Bank, answers: dict[str, str], seed: int = 1) -> dict[str, Any]:
    return score(bank, answers, seed)
