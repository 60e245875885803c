// The drift lab's pictures, as inline SVG drawn from the report's own numbers: the bins or categories
// and both shares the engine used (so the picture and the metrics agree), and the headline metric
// per period. Each chart has a text alternative (title, description and a data table).
// The build draws the prerendered example with this same code (scripts/hooks/drift_lab_view.mjs).
import { h, s, scrollBox } from "./dom.js";
import { countText, numberText, percentText } from "./format.js";

// Geometry (evaluator/lab/charts.py, passed in from the lab's setup as `g`), in SVG user units. A chart is as wide as its box and as high as stated here: the bars
// and lines are drawn in an inner SVG that stretches sideways (strokes keep their width), and the
// text and point marks sit in the outer SVG at percentages of the width, so labels keep their
// stated size (12 and 11 px) at every width and are anchored to stay whole at both ends.

const fixed = (x) => x.toFixed(2);
const pct = (x, width) => `${((x / width) * 100).toFixed(2)}%`;

function maxShare(hist) {
  return Math.max(...hist.reference, ...hist.current) || 1;
}

function slotLabels(hist) {
  return hist.kind === "bins" ? hist.labels : hist.categories;
}

/** Every x-axis label to draw: [x, text, anchor]. Bins are labelled at some of their edges, and a
 * bin that holds one value (a point mass) by that value at its centre; categories at their centres.
 * A narrow screen leaves some out (see minor). */
function xLabels(hist, left, slot, maxLabels) {
  const out = [];
  if (hist.kind === "bins") {
    const e = hist.edges;
    const n = e.length - 1;
    const point = hist.point ?? [];
    const step = Math.ceil((n + 1) / maxLabels);
    for (let j = 0; j <= n; j++) {
      const touchesPoint = (j > 0 && point[j - 1]) || (j < n && point[j]);
      if ((j % step === 0 || j === n) && !touchesPoint) {
        out.push([left + j * slot, numberText(e[j]), j === 0 ? "start" : j === n ? "end" : "middle"]);
      }
    }
    point.forEach((isPoint, i) => { if (isPoint) out.push([left + (i + 0.5) * slot, hist.labels[i], "middle"]); });
    return out;
  }
  if (slot < 18) return out; // too narrow to write; the data table has every category
  const chars = Math.max(3, Math.floor((slot * 0.8) / 7)); // fits where the chart is drawn at 80% of its width
  hist.categories.forEach((c, i) => {
    const text = c.length > chars ? `${c.slice(0, chars - 1)}…` : c;
    out.push([left + (i + 0.5) * slot, text, "middle"]);
  });
  return out;
}

// Left out on a narrow screen: odd labels, and the one before the last, so that the first and the
// last are always drawn and no two drawn labels are neighbours.
function minor(k, count) {
  return k !== 0 && k !== count - 1 && (k % 2 === 1 || k === count - 2) ? "drift-chart__minor" : null;
}

function dataTable(hist, caption) {
  const what = hist.kind === "bins" ? "Bin" : "Category";
  const rows = slotLabels(hist).map((label, i) =>
    h("tr", null,
      h("th", { scope: "row" }, label),
      h("td", null, percentText(hist.reference[i])),
      h("td", null, percentText(hist.current[i])),
      h("td", null, countText(hist.reference_counts?.[i])),
      h("td", null, countText(hist.current_counts?.[i]))));
  return h("details", { class: "drift-chart__data" },
    h("summary", null, "Chart data"),
    scrollBox(caption,
      h("table", null,
        h("caption", null, caption),
        h("thead", null, h("tr", null,
          h("th", { scope: "col" }, what), h("th", { scope: "col" }, "Reference share"), h("th", { scope: "col" }, "Current share"),
          h("th", { scope: "col" }, "Reference rows"), h("th", { scope: "col" }, "Current rows"))),
        h("tbody", null, rows))));
}

/** The overlay histogram of one column (wide outlined bars: reference; narrow solid bars: current). */
export function histogramChart(g, hist, name, id) {
  const { width, height, left, right, top, bottom, max_x_labels: maxLabels } = g.histogram;
  const pw = width - left - right;
  const ph = height - top - bottom;
  const n = hist.reference.length;
  const slot = pw / n;
  const ymax = maxShare(hist);
  const y = (share) => top + ph - (share / ymax) * ph;
  const what = hist.kind === "bins" ? `${n} bin${n === 1 ? "" : "s"}` : `${n} categor${n === 1 ? "y" : "ies"}`;
  const labels = slotLabels(hist);
  const xs = xLabels(hist, left, slot, maxLabels);
  const svg = s("svg", { class: "drift-chart__svg", width: "100%", height, role: "img", "aria-labelledby": `${id}-title ${id}-desc` },
    s("title", { id: `${id}-title` }, `Distribution of ${name}: reference and current`),
    s("desc", { id: `${id}-desc` }, `Share of rows in each of the ${what} the metrics used, reference and current; the chart data table lists every value.`),
    s("svg", { class: "drift-chart__plot", viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", width: "100%", height },
      s("g", { class: "drift-chart__grid" }, [ymax, ymax / 2, 0].map((v) =>
        s("line", { x1: left, x2: width - right, y1: fixed(y(v)), y2: fixed(y(v)) }))),
      hist.reference.map((ref, i) => {
        const cur = hist.current[i];
        return s("g", { class: "drift-chart__slot" },
          s("title", null, `${labels[i]}: reference ${percentText(ref)}, current ${percentText(cur)}`),
          s("rect", { class: "drift-ref", x: fixed(left + i * slot + slot * 0.08), width: fixed(slot * 0.84), y: fixed(y(ref)), height: fixed(top + ph - y(ref)) }),
          s("rect", { class: "drift-cur", x: fixed(left + i * slot + slot * 0.3), width: fixed(slot * 0.4), y: fixed(y(cur)), height: fixed(top + ph - y(cur)) }));
      }),
      s("line", { class: "drift-chart__axis", x1: left, x2: width - right, y1: top + ph, y2: top + ph })),
    s("g", { class: "drift-chart__ylabels" }, [ymax, ymax / 2, 0].map((v) =>
      s("text", { x: pct(left - 4, width), y: fixed(y(v)), "text-anchor": "end", "dominant-baseline": "middle" }, percentText(v)))),
    s("g", { class: "drift-chart__xlabels" },
      xs.map(([x, text, anchor], k) =>
        s("text", { x: pct(x, width), y: top + ph + 16, "text-anchor": anchor, class: minor(k, xs.length) }, text))));
  const unit = hist.kind === "bins" ? `Bins as the metrics used them (${hist.method ?? "given"}); outer bins open.` : "One bar pair per category.";
  return h("figure", { class: "drift-chart drift-chart--histogram" },
    svg,
    h("figcaption", null, legend(), " ", h("span", { class: "drift-chart__unit" }, unit)),
    dataTable(hist, `Reference and current shares of ${name}`));
}

function legend() {
  return h("span", { class: "drift-legend" },
    h("span", { class: "drift-legend__item" }, h("span", { class: "drift-swatch drift-swatch--ref", "aria-hidden": "true" }), "reference (wide outlined bars)"),
    " ",
    h("span", { class: "drift-legend__item" }, h("span", { class: "drift-swatch drift-swatch--cur", "aria-hidden": "true" }), "current (narrow solid bars)"));
}

/** A small version of the histogram for the overview table (decorative: the row holds the numbers). */
export function sparkline(g, hist) {
  const { width, height } = g.sparkline;
  const n = hist.reference.length;
  const slot = width / n;
  const ymax = maxShare(hist);
  const bar = (share) => (share / ymax) * (height - 2);
  return s("svg", { class: "drift-spark", viewBox: `0 0 ${width} ${height}`, "aria-hidden": "true", focusable: "false" },
    hist.reference.map((ref, i) => s("rect", { class: "drift-ref", x: fixed(i * slot + slot * 0.05), width: fixed(slot * 0.9), y: fixed(height - bar(ref)), height: fixed(bar(ref)) })),
    hist.current.map((cur, i) => s("rect", { class: "drift-cur", x: fixed(i * slot + slot * 0.3), width: fixed(slot * 0.4), y: fixed(height - bar(cur)), height: fixed(bar(cur)) })));
}

/** The headline metric of one column per period of the current file, against its threshold. */
export function overTimeChart(g, series, periods, name, id) {
  const { width, height, left, right, top, bottom } = g.over_time;
  const pw = width - left - right;
  const ph = height - top - bottom;
  const n = periods.length;
  const slot = pw / Math.max(n, 1);
  const finite = series.values.filter((v) => v !== null);
  const ymax = Math.max(...finite, series.threshold ?? 0) || 1;
  const x = (i) => left + (i + 0.5) * slot;
  const y = (v) => top + ph - (v / ymax) * ph;
  const segments = [];
  let run = [];
  series.values.forEach((v, i) => {
    if (v === null) {
      if (run.length) segments.push(run);
      run = [];
    } else run.push(`${fixed(x(i))},${fixed(y(v))}`);
  });
  if (run.length) segments.push(run);
  const step = Math.ceil(n / 4);
  // every step-th period, and the last one when it is not too close to the one before; the first
  // label starts at its period's left edge and the last ends at its right edge, so both stay whole
  const shown = periods.map((p, i) => i % step === 0 || (i === n - 1 && (n - 1) % step >= step / 2));
  const xLabel = (i) => (n === 1 ? [x(i), "middle"] : i === 0 ? [left, "start"] : i === n - 1 ? [left + n * slot, "end"] : [x(i), "middle"]);
  const svg = s("svg", { class: "drift-chart__svg", width: "100%", height, role: "img", "aria-labelledby": `${id}-title ${id}-desc` },
    s("title", { id: `${id}-title` }, `${series.label} of ${name} per period`),
    s("desc", { id: `${id}-desc` }, `One point per period of the current file${series.threshold === null ? "" : `; the dashed line is the threshold ${numberText(series.threshold)}`}; squares mark periods that drifted. The values table lists every point.`),
    s("svg", { class: "drift-chart__plot", viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", width: "100%", height },
      s("g", { class: "drift-chart__grid" }, [ymax, 0].map((v) =>
        s("line", { x1: left, x2: width - right, y1: fixed(y(v)), y2: fixed(y(v)) }))),
      series.threshold === null ? null : s("line", { class: "drift-chart__threshold", x1: left, x2: width - right, y1: fixed(y(series.threshold)), y2: fixed(y(series.threshold)) }),
      segments.map((points) => s("polyline", { class: "drift-chart__line", points: points.join(" ") })),
      s("line", { class: "drift-chart__axis", x1: left, x2: width - right, y1: top + ph, y2: top + ph })),
    s("g", { class: "drift-chart__ylabels" }, [ymax, 0].map((v) =>
      s("text", { x: pct(left - 4, width), y: fixed(y(v)), "text-anchor": "end", "dominant-baseline": "middle" }, numberText(v)))),
    series.values.map((v, i) => {
      if (v === null) return null;
      const tip = s("title", null, `${periods[i].label}: ${numberText(v)}${series.drifted[i] ? " (drift)" : ""}`);
      return series.drifted[i]
        ? s("rect", { class: "drift-chart__point drift-chart__point--drift", x: pct(x(i), width), y: fixed(y(v)), width: 8, height: 8, transform: "translate(-4 -4)" }, tip)
        : s("circle", { class: "drift-chart__point", cx: pct(x(i), width), cy: fixed(y(v)), r: 3.5 }, tip);
    }),
    s("g", { class: "drift-chart__xlabels" },
      periods.map((p, i) => {
        if (!shown[i]) return null;
        const [at, anchor] = xLabel(i);
        return s("text", { x: pct(at, width), y: top + ph + 16, "text-anchor": anchor }, p.label);
      })));
  const rows = periods.map((p, i) => h("tr", null,
    h("th", { scope: "row" }, p.label),
    h("td", null, countText(p.rows)),
    h("td", null, numberText(series.values[i])),
    h("td", null, series.values[i] === null ? "n/a" : series.drifted[i] ? "drift" : "no drift"),
    h("td", null, series.severity?.[i] ?? "n/a")));
  return h("figure", { class: "drift-chart drift-chart--over-time" },
    svg,
    h("details", { class: "drift-chart__data" },
      h("summary", null, "Values"),
      scrollBox(`${series.label} of ${name} per period`,
        h("table", null,
          h("caption", null, `${series.label} of ${name} per period`),
          h("thead", null, h("tr", null, h("th", { scope: "col" }, "Period"), h("th", { scope: "col" }, "Rows"),
            h("th", { scope: "col" }, series.label), h("th", { scope: "col" }, "Verdict"), h("th", { scope: "col" }, "Severity"))),
          h("tbody", null, rows)))));
}
