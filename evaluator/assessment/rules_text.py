"""Every scoring rule in plain words, written from the bank's own numbers so the page cannot disagree with the code."""

from __future__ import annotations

from fractions import Fraction

from .bank import Bank


def _num(x: Fraction | int | float) -> str:
    value = float(x)
    return f"{value:g}"


def _list(words: list[str]) -> str:
    """Titles that contain "and" themselves, listed with semicolons so the list stays readable."""
    return "; ".join(words)


def rules_in_words(bank: Bank) -> list[dict[str, str]]:
    """The rules, each as {"id", "title", "text"}, in the order a reader needs them."""
    r = bank.rules
    required = [a.title for a in bank.areas if a.required]
    scored = sum(i.scored for i in bank.items)
    foils = sum(i.kind == "foil" for i in bank.items)
    acc, sco = int(r.accuracy_weight * 100), int(r.scope_weight * 100)
    bars = "; ".join(
        f"{b.label}: supported scope at least {_num(b.min_scope)}, accuracy at least {b.min_accuracy} and floor at least {b.min_floor}"
        for b in r.bars
    )
    level_scopes = ", ".join(f"{b.label.lower()} {b.scope}" for b in r.bars)
    caps = "; ".join(
        f"with {c.red_flags} or more red-flag answers the estimate is at most {bank.level_label(c.at_most)}"
        for c in r.caps
    )
    platform, model = r.lean
    weights = {p.id: ", ".join(f"{bank.area(a).short} {_num(w)}" for a, w in p.weights.items()) for p in r.lean}
    return [
        {"id": "answers", "title": "What counts",
         "text": f"The {scored} scenario and computed questions earn credit: 1 for the best answer, a stated part (such as 0.4) "
                 "for an answer that is partly right, 0 otherwise. A question left unanswered earns 0, and an unanswered "
                 "scope question counts as 0, 'not done'. Evidence answers are never scored; they go into the export for an "
                 "interviewer to read."},
        {"id": "area-score", "title": "Area scores",
         "text": f"Each of the {len(bank.areas)} areas gets a score from 0 to 100: {acc}% from accuracy (the average credit "
                 f"of its scenario and computed questions) and {sco}% from scope (the average of its scope ratings, out of 4). "
                 "A rating of 3 or more counts only as far as the area's accuracy supports it: "
                 + "; ".join(f"{b.scope} needs accuracy {b.min_accuracy} in the area" for b in r.bars if b.scope >= 3)
                 + "; otherwise it counts as the highest rating the accuracy supports (at least 2). "
                 "Scores are rounded to whole numbers, halves up."},
        {"id": "numbers", "title": "Reading the numbers",
         "text": f"The {sum(i.kind == 'computed' for i in bank.items)} questions that ask you to read a table (PSI bands, "
                 "drifted columns, KS and Wasserstein values) also form a sub-score of their own. At most 2 of them sit in "
                 "any required area, so arithmetic slips cannot decide the floor on their own."},
        {"id": "floor", "title": "Floor and mean, never one total",
         "text": f"The floor is the lowest score among the {len(required)} required areas ({_list(required)}; on a tie, "
                 f"the first of them in this order). It is shown beside the mean of the {len(bank.areas)} area scores as "
                 "shown, rounded. The two are never combined into one total: a strong area does not make up for a weak "
                 "required one."},
        {"id": "level", "title": "Level estimate",
         "text": f"Three figures decide it: supported scope (the average of your scope ratings in the required areas, each "
                 f"counted as far as its area's accuracy supports it, 0 to 4, to two decimals), accuracy (average credit over all {scored} scenario and computed questions, 0 to 100) and the "
                 f"floor. {bars}. The estimate is the highest level whose three bars are all met; below mid-level's bars it "
                 f"is '{r.below_label}'. The scope bars are the kit's level definitions ({level_scopes}, on the same 0-4 "
                 f"scale as the scope questions) minus {_num(r.scope_margin)}. It is an estimate for an interview to verify, "
                 "not a grade."},
        {"id": "red-flags", "title": "Red flags cap the level",
         "text": f"Some options are red flags that interviewers treat as serious, such as retraining before diagnosing a "
                 f"problem: {caps}, whatever the other figures say."},
        {"id": "flags-cap", "title": "Flags make the estimate unverified",
         "text": f"Any of these marks the level estimate unverified and caps it at {bank.level_label(r.flagged_at_most)}, and the "
                 f"result names the answers behind it: a thing that does not exist rated {r.foil_flag_at} or more; an "
                 f"overclaiming index of {r.overclaiming_flag_at} or more; an area whose scope ratings run {r.consistency_gap} or "
                 f"more points ahead of its accuracy; a scope rating of 3 or more whose own questions earn less than {r.pair_below}."},
        {"id": "lean", "title": "Platform or model lean",
         "text": f"Two weight profiles follow the guide's role types. {platform.label} fit is the weighted mean of the area "
                 f"scores as shown, with weights {weights[platform.id]}; {model.label.lower()} fit uses {weights[model.id]}; "
                 f"both are rounded. If one fit is {r.lean_margin} or more points above the other, the profile leans that "
                 "way; otherwise it is balanced."},
        {"id": "overclaiming", "title": "Overclaiming index",
         "text": f"{foils} of the questions about your scope name a tool or practice that does not exist. The overclaiming index "
                 f"is the average rating you gave them, out of 4, as 0 to 100; at {r.overclaiming_flag_at} or more it is "
                 "flagged. These questions are in no area score; they are revealed with the result."},
        {"id": "consistency", "title": "Consistency flags",
         "text": f"An area is flagged when its scope (as 0 to 100) and its accuracy differ by {r.consistency_gap} points or "
                 "more, in either direction: claims ahead of the answers, or answers ahead of the claims. Only areas with at "
                 "least one scope rating and one answered question are compared."},
        {"id": "gaps", "title": "Gaps",
         "text": f"Every area scoring below {r.gap_below} is a gap, weakest first, with the guide sections to read and the "
                 "topics of the questions that did not earn full credit."},
        {"id": "probes", "title": "Interview probes",
         "text": f"For an interviewer, the export lists a question for each of your {r.probe_claims} highest scope ratings "
                 "(2 or more; the first in question order on ties), one for the things that do not exist that you rated "
                 "above 0, and one for each area whose claims run ahead of the answers."},
    ]
