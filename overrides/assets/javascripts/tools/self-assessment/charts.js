// The result's two pictures, drawn from the scores the evaluator returned: a radar of the seven
// area scores and a bar per area. Both are decoration for the table beside them, which holds
// the same numbers as text.
import { svg } from "./dom.js";

const SIZE = 320;
const CENTRE = SIZE / 2;
const RADIUS = 100;
const MARGIN = 70; // room for the axis labels on either side

function point(index, count, value) {
  const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
  const r = (RADIUS * value) / 100;
  return [CENTRE + r * Math.cos(angle), CENTRE + r * Math.sin(angle)];
}

const path = (points) => points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");

/** A radar of the area scores (0-100); the gap line is drawn as a dashed ring. */
export function radar(areas, gapBelow, titleId) {
  const n = areas.length;
  const chart = svg("svg", { viewBox: `${-MARGIN} 0 ${SIZE + 2 * MARGIN} ${SIZE}`, class: "kit-radar", role: "img", "aria-labelledby": titleId });
  for (const ring of [25, 50, 75, 100]) {
    chart.append(svg("polygon", { class: "kit-radar__ring", points: path(areas.map((_, i) => point(i, n, ring))) }));
  }
  chart.append(svg("polygon", { class: "kit-radar__gap", points: path(areas.map((_, i) => point(i, n, gapBelow))) }));
  areas.forEach((area, i) => {
    const [x, y] = point(i, n, 100);
    chart.append(svg("line", { class: "kit-radar__axis", x1: CENTRE, y1: CENTRE, x2: x, y2: y }));
    const [lx, ly] = point(i, n, 122);
    const anchor = Math.abs(lx - CENTRE) < 8 ? "middle" : lx > CENTRE ? "start" : "end";
    chart.append(svg("text", { class: "kit-radar__label", x: lx.toFixed(1), y: (ly + 4).toFixed(1), "text-anchor": anchor }, `${area.short} ${area.score}`));
  });
  chart.append(svg("polygon", { class: "kit-radar__score", points: path(areas.map((a, i) => point(i, n, a.score))) }));
  for (const [i, a] of areas.entries()) {
    const [x, y] = point(i, n, a.score);
    chart.append(svg("circle", { class: a.required ? "kit-radar__dot kit-radar__dot--required" : "kit-radar__dot", cx: x.toFixed(1), cy: y.toFixed(1), r: 3.5 }));
  }
  return chart;
}

/** A bar for one score (0-100) with a tick at the gap line; hidden from screen readers. */
export function bar(score, gapBelow) {
  return svg(
    "svg",
    { viewBox: "0 0 100 12", class: "kit-bar", "aria-hidden": "true", focusable: "false", preserveAspectRatio: "none" },
    svg("rect", { class: "kit-bar__track", x: 0, y: 2, width: 100, height: 8 }),
    svg("rect", { class: score < gapBelow ? "kit-bar__fill kit-bar__fill--gap" : "kit-bar__fill", x: 0, y: 2, width: score, height: 8 }),
    svg("line", { class: "kit-bar__tick", x1: gapBelow, x2: gapBelow, y1: 0, y2: 12 }),
  );
}
