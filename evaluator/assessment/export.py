"""The two exports of a result: JSON (answers + result, re-importable and re-scorable) and Markdown (to read)."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..errors import InputError
from .answers import check_answers, check_seed
from .bank import Bank
from .result import score, state
from .tokens import codec


def _cell(text: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in text.strip().splitlines()]


def markdown(result: dict[str, Any], site_url: str = "") -> str:
    """The result to read; links are absolute when the site's address is given, else paths under docs/."""

    def url(link: dict[str, str]) -> str:
        return site_url.rstrip("/") + "/" + link["href"] if site_url else link["link"]

    bank = result["bank"]
    level = result["level"]
    lines = [
        f"# {bank['title']}: result",
        "",
        f"Question bank version {bank['version']}, content {bank['hash']}; option order seed {result['seed']}. "
        f"{result['answered']['questions']} of {result['answered']['of']} questions answered, "
        f"{result['answered']['evidence']} of {result['answered']['evidence_of']} evidence prompts.",
        "",
        "A self-assessment for reflection and as a pre-screen aid, not an exam: the answers never left the "
        "candidate's browser, and anyone can read the key in the page's files.",
        "",
        "## Scores",
        "",
        f"- **Floor** (weakest required area): **{result['floor']['score']}**, {result['floor']['title']}",
        f"- **Mean** of all areas: **{result['mean']}**",
        f"- **Level estimate, to verify in an interview: {level['label']}**"
        + (" (unverified: see how the level was decided)" if level.get("unverified") else "")
        + (f" (capped from {level['from_bars_label']} by {level['cap']['red_flags']} red-flag answer(s))" if level.get("capped_by_red_flags") else ""),
        f"  (supported scope {level['inputs']['scope_mean']:.2f} of 4, accuracy {level['inputs']['accuracy']}, floor {level['inputs']['floor']})",
        f"- **Reading the numbers:** {result['numbers']['right']} of {result['numbers']['questions']} table-reading questions right",
        f"- **Lean:** {result['lean']['label']} ({result['lean']['detail']})",
        f"- **Overclaiming index:** {result['overclaiming']['index']}"
        + (" (flagged)" if result["overclaiming"]["flagged"] else ""),
        "",
        "| Area | Required | Score | Accuracy | Scope (0-4) |",
        "|---|---|---:|---:|---:|",
    ]
    for a in result["areas"]:
        lines.append(f"| {_cell(a['title'])} | {'yes' if a['required'] else 'no'} | {a['score']} | {a['accuracy']} | {a['scope_mean']:.2f} |")

    lines += ["", "## How the level was decided", ""]
    lines += [f"- {line}" for line in level["explanation"]["decided"]]
    if level.get("reasons"):
        lines += ["", "The answers behind the flags:", ""] + [f"- {r['text']}" for r in level["reasons"]]
    lines += ["", "What would change it:", ""] + [f"- {line}" for line in level["explanation"]["to_change"]]

    lines += ["", "## Flags", ""]
    flags = [f"Red flag: {_cell(f['answer'])} ({f['why']})" for f in result["red_flags"]]
    flags += [f["message"] for f in result["consistency"]]
    flags += [p["message"] for p in result.get("pairs", [])]
    flags += [r["text"] for r in level.get("reasons", []) if r["kind"] == "foil"]
    if result["overclaiming"]["flagged"]:
        flags.append(f"Overclaiming index {result['overclaiming']['index']} (flagged at {result['overclaiming']['threshold']}).")
    lines += [f"- {f}" for f in flags] or ["None."]

    lines += ["", "## Gaps and what to read", ""]
    if not result["gaps"]:
        lines.append("No area scored below the gap line.")
    for g in result["gaps"]:
        reads = ", ".join(f"[{r['title']}]({url(r)})" for r in g["read"])
        topics = "; ".join(m["topic"] for m in g["missed"]) or "none"
        lines.append(f"- **{g['title']}** ({g['score']}): read {reads}. Missed: {topics}.")

    lines += ["", "## Probes for the interviewer", ""]
    if not result["probes"]:
        lines.append("No scope rating of 2 or more, and no flag to follow up.")
    for p in result["probes"]:
        lines += [f"- **{_cell(p['reason'])}**", f"  - Ask: {p['ask']}", f"  - Listen for: {p['listen']}"]

    lines += ["", "## Evidence in the candidate's words", ""]
    for e in result["evidence"]:
        lines += [f"**{e['prompt']}**", ""]
        lines += (_quote(e["text"]) if e["text"].strip() else ["(not answered)"]) + [""]

    lines += ["## Scope ratings", "", "| Area | Question | Rating |", "|---|---|---:|"]
    for c in result["scope_claims"]:
        lines.append(f"| {_cell(c['area'])} | {_cell(c['prompt'])} | {c['claim'] if c['answered'] else '-'} |")

    lines += ["", "## Answers reviewed", "", "| Topic | Answer given | Credit |", "|---|---|---:|"]
    for r in result["review"]:
        answer = r["answer"] if r["answer"] is not None else "(not answered)"
        lines.append(f"| {_cell(r['topic'])} | {_cell(answer)}{' (red flag)' if r['red_flag'] else ''} | {r['credit']} |")

    lines += ["", "## How it was scored", ""]
    lines += [f"- **{rule['title']}.** {rule['text']}" for rule in result["rules"]]
    return "\n".join(lines).rstrip() + "\n"


def export(bank: Bank, answers: Any, seed: Any, site_url: str = "", public: bool = False) -> dict[str, str]:
    """Both exports of one result, and a file name stem that says which bank they belong to.

    ``public``: ``answers`` are in the page's tokens, and the JSON export keeps them so (answers and
    result alike), so the file names no question or option by the bank's ids."""
    if not isinstance(site_url, str) or (site_url and not site_url.startswith(("http://", "https://"))):
        raise InputError(f"site_url must be the site's http(s) address or empty, got {site_url!r}")
    names = codec(bank, check_seed(seed)) if public else None
    if names:
        answers = names.decode_answers(answers)
    result = score(bank, answers, seed, names=names)
    checked = check_answers(bank, answers, names)
    document = {**state(bank, names.encode_answers(checked) if names else checked, result["seed"]), "evaluator": __version__,
                "result": names.encode_result(result) if names else result}
    return {
        "json": json.dumps(document, indent=1, ensure_ascii=False) + "\n",
        "markdown": markdown(result, site_url),
        "filename": f"mlops-self-assessment-{bank.version}-{bank.hash}",
    }

