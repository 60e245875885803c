// The result as the evaluator returned it, laid out for reading and for print: summary figures,
// the radar and its table, flags, gaps, interview probes, the candidate's evidence and a review of
// every scored question. Every number shown here comes from the result; nothing is recomputed.
import { bar, radar } from "./charts.js";
import { h, siteLink } from "./dom.js";

function section(title, className, ...children) {
  return h("section", { className: `kit-result__section ${className}` }, h("h3", {}, title), ...children);
}

function summary(result) {
  const level = result.level;
  const lean = result.lean;
  const over = result.overclaiming;
  const figures = `Supported scope ${level.inputs.scope_mean.toFixed(2)} of 4, accuracy ${level.inputs.accuracy}, floor ${level.inputs.floor}.`;
  const levelNote = level.unverified
    ? h("span", {}, h("span", { className: "kit-result__level-unverified" }, `Unverified: ${level.reasons.length} flag${level.reasons.length === 1 ? "" : "s"}. `), "See how the level was decided.")
    : level.capped
      ? `Capped from ${level.from_bars_label} by ${level.cap.red_flags} red-flag answer${level.cap.red_flags === 1 ? "" : "s"}.`
      : figures;
  const item = (term, value, note, key) =>
    h("div", { className: "kit-result__figure", "data-figure": key }, h("dt", {}, term), h("dd", {}, h("strong", { className: "kit-result__value" }, value), note ? h("span", { className: "kit-result__note" }, note) : null));
  return h(
    "dl",
    { className: "kit-result__summary" },
    item("Floor: the weakest required area", String(result.floor.score), result.floor.title, "floor"),
    item("Mean of all seven areas", String(result.mean), `Accuracy over all questions: ${result.accuracy}`, "mean"),
    item("Level estimate, to verify in an interview", level.label, levelNote, "level"),
    item("Lean", lean.label, lean.detail, "lean"),
    item("Reading the numbers", `${result.numbers.right} of ${result.numbers.questions}`, "Table-reading questions right (a sub-score of its own)", "numbers"),
    item("Overclaiming index", String(over.index), over.flagged ? `Flagged (${over.threshold} or more)` : `Below the flag line of ${over.threshold}`, "overclaiming"),
  );
}

function levelWhy(result) {
  const level = result.level;
  const reasons = level.reasons.length
    ? h("ul", { className: "kit-result__reasons" }, level.reasons.map((r) => h("li", { "data-flag": r.kind }, r.text)))
    : null;
  return [
    h("p", { className: "kit-result__level-summary" }, h("strong", {}, `${level.label}${level.unverified ? " (unverified)" : ""}. `), level.summary || ""),
    h("ul", { className: "kit-result__why" }, level.explanation.decided.map((line) => h("li", {}, line))),
    reasons ? h("p", { className: "kit-result__reasons-head" }, h("strong", {}, "The answers behind the flags:")) : null,
    reasons,
    h(
      "div",
      { className: "kit-result__to-change" },
      h("p", {}, h("strong", {}, "What would change it:")),
      h("ul", { className: "kit-result__why" }, level.explanation.to_change.map((line) => h("li", {}, line))),
    ),
  ];
}

function areaTable(result, gapBelow) {
  const rows = result.areas.map((a) =>
    h(
      "tr",
      { "data-area": a.id },
      h("th", { scope: "row" }, a.title, a.required ? h("span", { className: "kit-result__required" }, " (required)") : null),
      h("td", { className: "kit-result__scorecell" }, h("span", { className: "kit-result__score", "data-score": a.id }, String(a.score)), bar(a.score, gapBelow)),
      h("td", { className: "kit-num" }, String(a.accuracy)),
      h("td", { className: "kit-num" }, a.scope_mean.toFixed(2)),
    ),
  );
  return h(
    "table",
    { className: "kit-result__areas" },
    h("caption", {}, `Scores by area, 0 to 100 (the bar's tick marks the gap line at ${gapBelow})`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Area"), h("th", { scope: "col" }, "Score"), h("th", { scope: "col", className: "kit-num" }, "Accuracy"), h("th", { scope: "col", className: "kit-num" }, "Scope (0-4)"))),
    h("tbody", {}, rows),
  );
}

function flags(result) {
  const items = [
    ...result.red_flags.map((f) => h("li", { "data-flag": "red-flag" }, h("strong", {}, "Red flag: "), h("span", { className: "kit-result__answer" }, `"${f.answer}" `), h("span", {}, `(${f.why})`))),
    ...result.consistency.map((c) => h("li", { "data-flag": c.direction }, c.message)),
    ...result.level.reasons.filter((r) => r.kind === "foil").map((r) => h("li", { "data-flag": "foil" }, r.text)),
    ...(result.pairs.length === 1 ? [h("li", { "data-flag": "pair" }, result.pairs[0].message)] : []),
    ...(result.pairs.length > 1 ? [h("li", { "data-flag": "pair" }, `${result.pairs.length} scope ratings of 3 or more whose own questions went wrong (listed under how the level was decided).`)] : []),
  ];
  if (result.overclaiming.flagged) {
    items.push(h("li", { "data-flag": "overclaiming" }, `Overclaiming index ${result.overclaiming.index}: you gave ratings to tools or practices that do not exist (listed below the review).`));
  }
  return items.length ? h("ul", {}, items) : h("p", {}, "No flags: no red-flag answer, no rating of something that does not exist, no area where claims and answers part ways, no overclaiming.");
}

function gaps(result, siteRoot) {
  if (!result.gaps.length) return h("p", {}, "No area scored below the gap line.");
  return h(
    "ol",
    {},
    result.gaps.map((g) =>
      h(
        "li",
        { "data-gap": g.area },
        h("strong", {}, `${g.title} (${g.score})`),
        ". Read: ",
        g.read.flatMap((r, i) => [i ? ", " : "", siteLink(siteRoot, r)]),
        g.missed.length ? `. Topics to study: ${g.missed.map((m) => m.topic).join("; ")}.` : ".",
      ),
    ),
  );
}

function probes(result) {
  if (!result.probes.length) return h("p", {}, "No scope rating of 2 or more and no flag to follow up: an interviewer has nothing specific to probe here.");
  return h(
    "ol",
    {},
    result.probes.map((p) => h("li", { "data-probe": p.why }, h("p", {}, h("strong", {}, p.reason)), h("p", {}, h("em", {}, "Ask: "), p.ask), h("p", {}, h("em", {}, "Listen for: "), p.listen))),
  );
}

function evidence(result) {
  const written = result.evidence.filter((e) => e.text.trim());
  if (!written.length) return h("p", {}, "No evidence written. The prompts are optional; an interviewer finds them useful.");
  return h("dl", {}, written.flatMap((e) => [h("dt", {}, e.prompt), h("dd", {}, h("blockquote", {}, e.text))]));
}

function review(result, bank, siteRoot) {
  const byArea = new Map(bank.areas.map((a) => [a.id, []]));
  for (const r of result.review) byArea.get(r.area).push(r);
  return bank.areas.map((area) =>
    h(
      "details",
      { className: "kit-result__review" },
      h("summary", {}, `${area.title}: ${byArea.get(area.id).filter((r) => r.credit === 100).length} of ${byArea.get(area.id).length} with full credit`),
      h(
        "ol",
        {},
        byArea.get(area.id).map((r) =>
          h(
            "li",
            { "data-review": r.item },
            h("p", {}, h("strong", {}, r.topic), `: ${r.prompt}`),
            h("p", {}, h("em", {}, "Your answer: "), r.answer ?? "not answered", ` (credit ${r.credit} of 100)`, r.red_flag ? h("strong", {}, ` Red flag: ${r.red_flag}`) : null),
            r.credit === 100 ? null : h("p", {}, h("em", {}, "Best answer: "), r.best),
            h("p", {}, r.explain, r.read ? [" ", siteLink(siteRoot, r.read)] : null),
          ),
        ),
      ),
    ),
  );
}

function foils(result) {
  return h(
    "ul",
    {},
    result.foils.map((f) => {
      const claimed = result.overclaiming.claimed.find((c) => c.item === f.item);
      return h("li", {}, h("strong", {}, f.prompt), ` ${f.reveal}`, claimed ? h("em", {}, ` You rated it ${claimed.claim} (${claimed.claim_label}).`) : "");
    }),
  );
}

/** The whole result; `actions` are the export and navigation buttons, placed under the heading. */
export function renderResult(result, bank, siteRoot, headingId, actions) {
  const gapBelow = result.rule_figures.gap_below;
  const radarTitle = `${headingId}-radar`;
  const a = result.answered;
  return [
    h("h2", { id: headingId, tabIndex: -1, className: "kit-result__heading" }, "Your result"),
    h("p", { className: "kit-result__meta" }, `Question bank version ${result.bank.version}, content ${result.bank.hash}; option order ${result.seed}. ${a.questions} of ${a.of} questions answered, ${a.evidence} of ${a.evidence_of} evidence prompts. Computed in this browser; nothing was sent anywhere.`),
    actions,
    summary(result),
    h(
      "div",
      { className: "kit-result__chart" },
      h("figure", {}, radar(result.areas, gapBelow, radarTitle), h("figcaption", { id: radarTitle }, `Radar of the seven area scores (0 at the centre, 100 at the edge; the dashed ring is the gap line at ${gapBelow}). The table gives the same scores.`)),
      areaTable(result, gapBelow),
    ),
    section("How the level was decided", "kit-result__level-why", levelWhy(result)),
    section("Flags", "kit-result__flags", flags(result)),
    section("Gaps, weakest first, and what to read", "kit-result__gaps", gaps(result, siteRoot)),
    section("For an interviewer: what to probe", "kit-result__probes", probes(result)),
    section("Evidence in your own words", "kit-result__evidence", evidence(result)),
    section("Review of every scored question", "kit-result__reviews", h("p", { className: "kit-print-only" }, "The question-by-question review is in the JSON and Markdown exports."), review(result, bank, siteRoot)),
    section("The questions about things that do not exist", "kit-result__foils", foils(result)),
  ];
}
