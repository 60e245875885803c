// Pay explorer: the compensation figures filtered by region and level, each with its source, date
// and caveats (evaluator.api.pay_explorer); the pay-transparency rules; where in a band to offer
// (evaluator.api.pay_offer). Python chooses and formats every figure; this file lays them out.
import { el, errorBox, field, renderRules, select, showError, startTool } from "../hiring/ui.js";

export function mount(root, { signal, setup }) {
  const { runtime, id } = startTool(root, "pay-explorer", signal);
  const error = errorBox();
  const loading = el("p", { className: "kit-help" }, "The figures appear when the evaluator has started.");
  root.append(loading, error);

  // The build writes the first view (scripts/hooks/tools.py): it needs no Python.
  (setup ? Promise.resolve(setup) : runtime.call("pay_explorer", {})).then((first) => {
    if (signal.aborted) return;
    loading.remove();
    const region = select([{ id: "all", label: "All regions" }, ...first.regions], "all");
    const level = select([{ id: "all", label: "All levels" }, ...first.levels], "all");
    const filters = el("div", { className: "kit-form kit-template-pickers" },
      field("Region", region).field, field("Level", level).field);
    const summary = el("p", { role: "status", "aria-live": "polite", className: "kit-builder__summary" });
    const figures = el("div", { id: `${id}-figures` });
    root.append(el("h3", {}, "Pay by region and level"), renderNoFigures(first.no_figures), filters, summary, figures);
    root.append(renderSources(first), renderRemote(first.remote_gap));
    root.append(renderOffer(runtime, first.offer, id, signal));
    const t = first.transparency;
    const jurisdiction = select(t.options, "all");
    const rulesSummary = el("p", { role: "status", "aria-live": "polite", className: "kit-builder__summary" });
    const rulesBox = el("div", { id: `${id}-rules-list` });
    root.append(el("h3", { id: `${id}-rules` }, "Pay-transparency rules for adverts"),
      el("p", { className: "kit-help" }, `${t.caveat} Table last checked ${t.checked}; each rule gives its own check date.`),
      renderRemoteAdvert(t.remote),
      el("div", { className: "kit-form kit-template-pickers" }, field("Jurisdiction", jurisdiction).field),
      rulesSummary, rulesBox);
    rulesBox.replaceChildren(...renderTransparency(t));
    let rulesRequest = 0;
    jurisdiction.addEventListener("change", async () => {
      const mine = ++rulesRequest;
      error.hidden = true;
      try {
        const result = await runtime.call("pay_explorer", { jurisdiction: jurisdiction.value });
        if (mine !== rulesRequest) return;
        rulesBox.replaceChildren(...renderTransparency(result.transparency));
        const n = result.transparency.rules.length;
        rulesSummary.textContent = `${n} rule${n === 1 ? "" : "s"} shown.`;
      } catch (err) {
        showError(error, err, "Could not filter the rules");
      }
    }, { signal });

    let request = 0;
    const show = async () => {
      const mine = ++request;
      error.hidden = true;
      try {
        const result = await runtime.call("pay_explorer", { region: region.value, level: level.value });
        if (mine !== request) return;
        figures.replaceChildren(renderTable(result));
        summary.textContent = `${result.rows.length} level${result.rows.length === 1 ? "" : "s"} shown for ${result.shown}.`;
      } catch (err) {
        showError(error, err, "Could not filter the figures");
      }
    };
    region.addEventListener("change", show, { signal });
    level.addEventListener("change", show, { signal });
    figures.replaceChildren(renderTable(first));
  }, (err) => {
    loading.remove();
    showError(error, err, "Could not load the pay figures");
  });
}

function renderTable(result) {
  // No class on the table: Material styles only tables without one.
  // tabIndex: on a phone the table scrolls sideways, so it must take keyboard focus (axe).
  const table = el("table", { dataset: { source: "pay-explorer" }, tabIndex: 0 },
    el("caption", {}, `Yearly pay for MLOps engineers: ${result.shown}`));
  const markets = result.markets;
  table.append(el("thead", {}, el("tr", {},
    el("th", { scope: "col" }, "Level"), el("th", { scope: "col" }, "Experience"),
    markets.map((m) => el("th", { scope: "col", dataset: { market: m.id } }, m.label)))));
  const body = el("tbody");
  for (const row of result.rows) {
    const tr = el("tr", { dataset: { level: row.level_id } },
      el("th", { scope: "row" }, row.level_label), el("td", {}, row.years));
    for (const cell of row.cells) {
      const td = el("td", { dataset: { market: cell.market_id } });
      if (cell.figure) {
        td.append(el("span", { className: "kit-figure" }, cell.figure),
          el("span", { className: "kit-figure__meta" }, `Source: ${cell.source_name}, ${cell.as_of}.`));
        for (const caveat of cell.caveats) td.append(el("span", { className: "kit-figure__caveat" }, caveat));
      } else {
        td.append(el("span", { className: "kit-figure__none" }, cell.missing));
      }
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  const notes = el("ul", { className: "kit-pay-notes kit-pay-notes--explorer" },
    markets.map((m) => el("li", {}, el("strong", {}, `${m.label}: `), `${m.measure}.`, m.caveat ? ` ${m.caveat}` : "")),
    el("li", {}, el("strong", {}, "K"), " means thousands, per year; a + means the source gives the top of the range as open-ended."));
  return el("div", {}, ...scrollable(table, "Pay figures"), notes);
}

// A wide table scrolls sideways; when it does not fit (on a phone), a line above it says so.
function scrollable(table, label) {
  const hint = el("p", { className: "kit-scroll-hint", hidden: true }, "The table is wider than the screen: scroll it sideways to see every column.");
  const region = el("div", { className: "kit-table-scroll", tabIndex: 0, role: "region", "aria-label": label }, table);
  const check = () => {
    hint.hidden = ![region, table].some((x) => x.scrollWidth > x.clientWidth + 1);
  };
  new ResizeObserver(check).observe(region);
  return [hint, region];
}

function renderNoFigures(gaps) {
  if (!gaps || !gaps.regions.length) return el("span");
  return el("div", { className: "admonition warning kit-no-figures" },
    el("p", { className: "admonition-title" }, "Regions without figures"),
    el("p", {}, gaps.summary),
    el("ul", {}, gaps.regions.map((g) => el("li", {}, el("strong", {}, `${g.region}`), ` (${g.covers}): ${g.advice}`))));
}

function renderRemoteAdvert(remote) {
  return el("div", { className: "kit-remote-advert" },
    el("h4", {}, "What a remote advert must carry"),
    el("p", {}, remote.intro),
    el("ul", {}, remote.must.map((m) => el("li", { dataset: { element: m.id } }, m.text))),
    remote.upcoming.length ? el("p", {}, "Coming: ", remote.upcoming.map((u) => `${u.jurisdiction} (${u.status})`).join("; "), ".") : "",
    el("p", {}, remote.advice),
    el("p", {}, remote.eu));
}

function renderTransparency(t) {
  const parts = [renderRules(t.rules)];
  if (t.member_states.length) {
    const table = el("table", { dataset: { source: "member-states" } },
      el("caption", {}, "EU member states: how far each has brought the directive into its own law"),
      el("thead", {}, el("tr", {}, ["Country", "Status", "Adverts", "Source"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, t.member_states.map((s) => el("tr", {},
        el("th", { scope: "row" }, s.country),
        el("td", {}, s.status + (s.since ? ` (${s.since})` : "") + (s.confirmed ? "" : " (unconfirmed)")),
        el("td", {}, s.adverts, s.note ? ` ${s.note}` : ""),
        el("td", {}, el("a", { href: s.source_url, rel: "noreferrer" }, s.source), `; checked ${s.checked}`)))));
    parts.push(el("p", { className: "kit-help" }, "A member state not listed: we found no source on it; assume no national law yet and check."),
      ...scrollable(table, "EU member states"));
  }
  return parts;
}

function renderSources(result) {
  const box = el("div", { className: "kit-sources" }, el("h3", {}, "Sources"));
  box.append(el("ul", {}, result.sources.map((s) => el("li", { dataset: { sourceId: s.id } },
    el("strong", {}, s.name), `, \u201c${s.title}\u201d, published ${s.published}: `,
    el("a", { href: s.url, rel: "noreferrer" }, s.url),
    `. ${s.description}. Figures for ${s.as_of}; last compared with the source ${s.reviewed}. `, s.caveat))));
  return box;
}

function renderRemote(gap) {
  return el("div", { className: "kit-remote" },
    el("h3", {}, "Remote pay: what the source leaves inconsistent"),
    el("p", {}, gap.summary),
    el("p", {}, gap.advice));
}

function renderOffer(runtime, offer, id, signal) {
  const low = el("input", { type: "number", min: 0, step: 1000, inputMode: "numeric" });
  const high = el("input", { type: "number", min: 0, step: 1000, inputMode: "numeric" });
  const evidence = select(offer.evidence, offer.evidence[1].id);
  const submit = el("button", { type: "submit", className: "md-button md-button--primary" }, "Suggest an offer");
  const error = errorBox();
  const result = el("div", { role: "status", "aria-live": "polite", className: "kit-offer__result" });
  const form = el("form", { className: "kit-form kit-offer", noValidate: true },
    field("Your band from", low, offer.help.band).field,
    field("Your band to", high).field,
    field("What the interviews showed", evidence, offer.help.evidence).field,
    el("div", { className: "kit-actions" }, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    try {
      const r = await runtime.call("pay_offer", { low: low.value || null, high: high.value || null, evidence: evidence.value });
      result.replaceChildren(el("p", {}, el("strong", {}, `Offer between ${r.from_text} and ${r.to_text}`), `: ${r.explanation}`),
        el("p", { className: "kit-help" }, r.caution));
    } catch (err) {
      result.replaceChildren();
      showError(error, err, "Could not suggest an offer");
    }
  }, { signal });
  return el("div", { className: "kit-offer-box", id: `${id}-offer` },
    el("h3", {}, "Where in the band to make an offer"), el("p", { className: "kit-help" }, offer.intro), form, error, result);
}
