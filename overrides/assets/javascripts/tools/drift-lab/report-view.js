// The drift report on the page, built from the lab's result ({report, order, performance, ...}):
// summary, performance, the columns table (most severe first), drift over time and every column in
// detail. It formats and lays out; every number, verdict and order comes from the evaluator.
// The build runs this same view for the prerendered example (scripts/hooks/drift_lab_view.mjs), so
// it uses only what dom.js uses of the DOM; a browser test checks the live and prerendered agree.
import { h, scrollBox } from "./dom.js";
import { histogramChart, overTimeChart, sparkline } from "./charts.js";
import { countText, numberText, percentText, pointsText } from "./format.js";

const PERFORMANCE_ROWS = [
  ["accuracy", "Accuracy"],
  ["precision", "Precision"],
  ["recall", "Recall"],
  ["positive_rate", "Actual positive rate"],
  ["predicted_positive_rate", "Predicted positive rate"],
];

function badge(drifted) {
  if (drifted === null || drifted === undefined) return h("span", { class: "drift-badge", "data-state": "none" }, "no verdict");
  return drifted
    ? h("span", { class: "drift-badge", "data-state": "drift" }, h("span", { "aria-hidden": "true" }, "▲ "), "Drift")
    : h("span", { class: "drift-badge", "data-state": "ok" }, h("span", { "aria-hidden": "true" }, "✓ "), "No drift");
}

function severityBadge(severity, words = "") {
  if (!severity) return null;
  return h("span", { class: "drift-severity", "data-level": severity.level }, `${words}${severity.level}`);
}

function docLink(docs, kind, metric, text) {
  const anchor = docs?.[kind]?.[metric];
  return anchor ? h("a", { href: `${docs.page}#${anchor}` }, text) : text;
}

function metricLabel(setup, report, name) {
  return report.conventions?.labels?.[name] ?? setup.drift.metrics.find((m) => m.name === name)?.label ?? name;
}

/** An option's value in words: numbers as the lab writes them, lists joined. */
function valueText(value) {
  if (Array.isArray(value)) return value.map(valueText).join(", ");
  return typeof value === "number" ? numberText(value) : String(value);
}

/** "1 high, 2 medium, 8 none": the count of columns at each severity level, most severe first. */
function severityCounts(setup, counts) {
  const levels = [...(setup.drift.severity?.levels ?? Object.keys(counts))].reverse();
  return levels.filter((level) => counts[level] !== undefined).map((level) => `${countText(counts[level])} ${level}`).join(", ");
}

function fileFacts(input) {
  return `${input.name}: ${countText(input.rows)} rows, ${input.columns.length} columns (${input.delimiter}-separated, ${input.encoding})`;
}

/** "± 0.0012" after a value compared from a profile's bucket counts (nothing for exact values). */
function boundText(metric) {
  return typeof metric?.error_bound === "number" ? ` ± ${numberText(metric.error_bound)}` : "";
}

function summarySection(setup, report) {
  const sum = report.summary;
  const gate = sum.gate;
  const notes = ["reference", "current"].flatMap((w) => report.inputs[w].notes.map((n) => `${report.inputs[w].name}: ${n}`));
  if (report.profile_bounds) notes.push(`${report.profile_bounds}.`);
  for (const ignored of report.ignored_options ?? []) {
    notes.push(`Not used by the ${report.options.preset} preset: ${ignored.option} = ${valueText(ignored.value)} (${ignored.reason}).`);
  }
  return h("section", { class: "drift-summary", "aria-label": "Summary" },
    // The gate's outcome heads the summary when there is one: a broken column fails it even
    // when too few columns drifted to call dataset drift.
    h("p", { class: "drift-verdict", "data-drift": String(sum.dataset_drift) },
      gate
        ? h("span", { class: "drift-badge drift-badge--large", "data-state": gate.failed ? "drift" : "ok" },
          h("span", { "aria-hidden": "true" }, gate.failed ? "▲ " : "✓ "), gate.failed ? "Gate fails" : "Gate passes")
        : h("span", { class: "drift-badge drift-badge--large", "data-state": sum.dataset_drift ? "drift" : "ok" },
          h("span", { "aria-hidden": "true" }, sum.dataset_drift ? "▲ " : "✓ "), sum.dataset_drift ? "Dataset drift" : "No dataset drift"),
      " ", sum.verdict),
    gate?.reasons?.length ? h("div", { class: "drift-gate", "data-failed": String(gate.failed) },
      h("p", null, `Why the gate ${gate.failed ? "fails" : "passes"} (fail on: ${[gate.fail_on].flat().join(", ")}):`),
      h("ul", null, gate.reasons.map((r) => h("li", null, r)))) : null,
    h("dl", { class: "drift-facts" },
      h("div", null, h("dt", null, "Compared"), h("dd", null,
        `${countText(sum.columns_compared)} columns, ${countText(sum.columns_drifted)} drifted (${percentText(sum.drifted_share)}; dataset drift at ${percentText(sum.drift_share_threshold)} or more)`)),
      h("div", null, h("dt", null, "Reference"), h("dd", null, fileFacts(report.inputs.reference))),
      h("div", null, h("dt", null, "Current"), h("dd", null, fileFacts(report.inputs.current))),
      sum.severity_counts ? h("div", null, h("dt", null, "Severity"), h("dd", null, severityCounts(setup, sum.severity_counts))) : null,
      h("div", null, h("dt", null, "Preset"), h("dd", null, `${report.options.preset}; binning: ${report.conventions.binning}`))),
    notes.length ? h("ul", { class: "drift-input-notes" }, notes.map((n) => h("li", null, n))) : null,
    report.skipped.length ? h("div", { class: "drift-skipped" },
      h("h3", null, `Skipped columns (${report.skipped.length})`),
      h("ul", null, report.skipped.map((sk) => h("li", null, h("code", null, sk.name), `: ${sk.reason}`,
        sk.severity && sk.severity.level !== "none" ? [" ", severityBadge(sk.severity, "severity ")] : null)))) : null);
}

function performanceSection(result) {
  if (!result.performance && !result.performance_error) return null;
  const perf = result.performance;
  const heading = h("h3", null, "Model performance: reference vs current");
  if (!perf) {
    return h("section", { class: "drift-performance" }, heading,
      h("p", { class: "drift-performance__error" }, `Performance was not compared: ${result.performance_error}`));
  }
  const rows = PERFORMANCE_ROWS.map(([key, label]) => h("tr", null,
    h("th", { scope: "row" }, label),
    h("td", null, percentText(perf.reference[key])),
    h("td", null, percentText(perf.current[key])),
    h("td", null, pointsText(perf.changes[key]))));
  rows.push(h("tr", null, h("th", { scope: "row" }, "Rows"), h("td", null, countText(perf.reference.n)), h("td", null, countText(perf.current.n)), h("td", null, "")));
  return h("section", { class: "drift-performance" }, heading,
    scrollBox("Model performance",
      h("table", null,
        h("caption", null, `Label ${perf.label}, prediction ${perf.prediction} (positive: ${perf.positive})`),
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "Measure"), h("th", { scope: "col" }, "Reference"),
          h("th", { scope: "col" }, "Current"), h("th", { scope: "col" }, "Change"))),
        h("tbody", null, rows))),
    h("p", { class: "drift-performance__note" }, perf.reading.note));
}

function columnsTable(setup, report, ordered) {
  const hasSeverity = ordered.some(({ column }) => column.severity);
  const rows = ordered.map(({ column: c, index }) => {
    const head = c.headline;
    return h("tr", { "data-drifted": String(head.drifted) },
      h("th", { scope: "row" },
        h("a", { href: `#drift-col-${index}` }, c.name),
        c.notes.length ? h("ul", { class: "drift-notes" }, c.notes.map((n) => h("li", null, n))) : null),
      h("td", null, c.type),
      hasSeverity ? h("td", null, severityBadge(c.severity)) : null,
      h("td", null, docLink(setup.docs, "metric", head.metric, metricLabel(setup, report, head.metric))),
      h("td", { class: "drift-num" }, numberText(head.value) + boundText(c.metrics[head.metric])),
      h("td", { class: "drift-num" }, docLink(setup.docs, "threshold", head.metric, numberText(head.threshold))),
      h("td", null, badge(head.drifted)),
      h("td", null, sparkline(setup.charts, c.histogram)));
  });
  return h("section", { class: "drift-columns" },
    h("h3", null, hasSeverity ? "Columns, most severe first" : "Columns, drifted first"),
    scrollBox("Columns", h("table", null,
        h("thead", null, h("tr", null,
          h("th", { scope: "col" }, "Column"), h("th", { scope: "col" }, "Type"),
          hasSeverity ? h("th", { scope: "col" }, "Severity") : null,
          h("th", { scope: "col" }, "Headline test"), h("th", { scope: "col" }, "Value"), h("th", { scope: "col" }, "Threshold"),
          h("th", { scope: "col" }, "Verdict"), h("th", { scope: "col" }, "Reference vs current"))),
        h("tbody", null, rows)), "drift-table"));
}

/** When a column moved: the first period it drifted, and the first at each serious severity level. */
function whenText(series, periods) {
  const span = (label) => {
    const p = periods.find((q) => q.label === label);
    return p && p.start !== p.end ? `${label} (${p.start} to ${p.end})` : label;
  };
  const parts = [];
  if (series.first_drifted) parts.push(`Drifted first in ${span(series.first_drifted)}`);
  for (const level of ["high", "medium"]) {
    const label = series.first_at_level?.[level];
    if (label) {
      parts.push(`severity ${level} from ${label}`);
      break;
    }
  }
  return parts.length ? `${parts.join("; ")}.` : "No period drifted.";
}

function overTimeSection(setup, report, ordered) {
  const ot = report.over_time;
  if (!ot) return null;
  const cards = ordered
    .filter(({ column }) => ot.columns[column.name])
    .map(({ column, index }) => h("div", { class: "drift-multiple" },
      h("h4", null, column.name),
      h("p", { class: "drift-multiple__metric" }, `${ot.columns[column.name].label} per ${ot.period}`),
      h("p", { class: "drift-multiple__when" }, whenText(ot.columns[column.name], ot.periods)),
      overTimeChart(setup.charts, ot.columns[column.name], ot.periods, column.name, `drift-time-${index}`)));
  return h("section", { class: "drift-over-time" },
    h("h3", null, `Drift over time: each ${ot.period} of ${ot.by} against the whole reference`),
    h("p", null, `The current file split into ${ot.periods.length} periods by ${ot.by}; each chart shows a column's headline metric per period.` +
      (ot.rows_without_date ? ` ${countText(ot.rows_without_date)} rows without a date are left out of the periods.` : "")),
    h("div", { class: "drift-multiples" }, cards));
}

function metricsTable(setup, report, column) {
  const order = [...setup.drift.metrics.map((m) => m.name), ...Object.keys(column.metrics)];
  const names = [...new Set(order)].filter((name) => column.metrics[name]);
  // compared from a profile's bucket counts: each metric's error bound (or why it has none)
  const bounded = Boolean(column.profile);
  return scrollBox(`Every metric of ${column.name}`,
    h("table", null,
      h("caption", null, `Every metric of ${column.name}`),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Metric"), h("th", { scope: "col" }, "Value"),
        bounded ? h("th", { scope: "col" }, "Error bound") : null,
        h("th", { scope: "col" }, "Threshold"), h("th", { scope: "col" }, "Verdict"))),
      h("tbody", null, names.map((name) => {
        const m = column.metrics[name];
        return h("tr", { "data-drifted": String(m.drifted) },
          h("th", { scope: "row" }, docLink(setup.docs, "metric", name, metricLabel(setup, report, name))),
          h("td", { class: "drift-num" }, numberText(m.value)),
          bounded ? h("td", { class: "drift-num" }, typeof m.error_bound === "number" ? `± ${numberText(m.error_bound)}` : `none: ${m.bound_note ?? "no bound"}`) : null,
          h("td", { class: "drift-num" }, m.threshold === null ? "none" : docLink(setup.docs, "threshold", name, numberText(m.threshold))),
          h("td", null, m.verdict_certain === false ? `${m.verdict} (the threshold is within the error bound)` : m.verdict));
      }))), "drift-metrics");
}

function profileLine(column) {
  const p = column.profile;
  if (!p) return null;
  return h("p", { class: "drift-column__counts drift-column__profile" },
    `Compared from drift profiles (reference ${p.reference} mode, current ${p.current} mode)` +
    (p.scaled_to ? `, counts scaled to ${countText(p.scaled_to)} values` : "") +
    ": each metric's error bound is the most it can differ from the metric of the raw data.");
}

function rangeLine(column) {
  const r = column.range;
  if (!r) return null;
  return h("p", { class: "drift-column__counts" },
    `Range: reference ${numberText(r.reference[0])} to ${numberText(r.reference[1])}; current ${numberText(r.current[0])} to ${numberText(r.current[1])}` +
    `; ${percentText(r.out_of_range_share)} of current values outside the reference's range.`);
}

function notApplicable(setup, report, column) {
  const entries = Object.entries(column.not_applicable ?? {});
  if (!entries.length) return null;
  return h("p", { class: "drift-column__counts" },
    `Not computed for this column: ${entries.map(([name, why]) => `${metricLabel(setup, report, name)} (${why})`).join("; ")}.`);
}

function countsLine(column) {
  const part = (which) => {
    const c = column.counts[which];
    return `${which} ${countText(c.used)} of ${countText(c.rows)} rows (${countText(c.missing)} missing${c.non_finite ? `, ${countText(c.non_finite)} non-finite` : ""})`;
  };
  const distinct = typeof column.distinct_values === "string" ? `Distinct values: ${column.distinct_values}.` : `${countText(column.distinct_values)} distinct values.`;
  return `Values used: ${part("reference")}; ${part("current")}. ${distinct}`;
}

function columnDetails(setup, report, column, index) {
  const head = column.headline;
  return h("details", { class: "drift-column", id: `drift-col-${index}`, open: head.drifted ? true : null },
    h("summary", null,
      h("span", { class: "drift-column__name" }, column.name), " ",
      h("span", { class: "drift-column__type" }, column.type), " ",
      badge(head.drifted), " ", severityBadge(column.severity, "severity ")),
    h("div", { class: "drift-column__body" },
      h("p", { class: "drift-column__headline" },
        h("strong", null, "Headline: "), docLink(setup.docs, "metric", head.metric, metricLabel(setup, report, head.metric)), `, ${head.verdict}. `,
        h("span", { class: "drift-column__reason" }, `Why this test: ${head.reason}.`)),
      column.severity?.reasons?.length ? h("div", { class: "drift-column__severity" },
        h("p", null, h("strong", null, `Severity ${column.severity.level}: `)),
        h("ul", null, column.severity.reasons.map((r) => h("li", null, r)))) : null,
      h("div", { class: "drift-column__grid" },
        histogramChart(setup.charts, column.histogram, column.name, `drift-hist-${index}`),
        metricsTable(setup, report, column)),
      notApplicable(setup, report, column),
      profileLine(column),
      h("p", { class: "drift-column__counts" }, countsLine(column)),
      rangeLine(column),
      column.notes.length ? h("ul", { class: "drift-notes" }, column.notes.map((n) => h("li", null, n))) : null));
}

/** The whole report as one element. `result.order` lists the columns' indices, most severe first. */
export function reportView(setup, result) {
  const report = result.report;
  const ordered = result.order.map((index) => ({ column: report.columns[index], index }));
  return h("div", { class: "drift-report", "data-schema": report.schema },
    summarySection(setup, report),
    performanceSection(result),
    columnsTable(setup, report, ordered),
    overTimeSection(setup, report, ordered),
    h("section", { class: "drift-details" },
      h("h3", null, "Every column in detail"),
      ordered.map(({ column, index }) => columnDetails(setup, report, column, index))));
}
