// JD linter: paste a job description, get findings highlighted in the text and listed for screen
// readers. Python finds everything (evaluator.api.jd_lint) and gives positions in UTF-16 units;
// this file only cuts the pasted text at those positions and wraps the pieces in <mark> nodes.
import { button, el, errorBox, showError, startTool } from "../hiring/ui.js";

const EXAMPLE = `MLOps Engineer

Requirements
- 5+ years of Kubernetes experience
- Terraform expertise
- Strong CS fundamentals
- Experience with ML models preferred

We offer a competitive salary.`;

export function mount(root, { signal }) {
  const { runtime, id } = startTool(root, "jd-linter", signal);

  const input = el("textarea", { id: `${id}-text`, name: "text", rows: 12, spellcheck: false });
  const check = el("button", { type: "submit", className: "md-button md-button--primary" }, "Check the advert");
  const example = el("button", { type: "button", className: "md-button" }, "Paste an example");
  const clear = el("button", { type: "button", className: "md-button" }, "Clear");
  const form = el("form", { className: "kit-form" },
    el("label", { htmlFor: input.id }, "Job description (plain text or Markdown)"),
    el("p", { className: "kit-help", id: `${id}-help` },
      "Paste the whole advert (plain text, Markdown or HTML, up to 100,000 characters). It is checked in your browser and never sent anywhere. The rules read English."),
    input,
    el("div", { className: "kit-actions" }, check, example, clear));
  input.setAttribute("aria-describedby", `${id}-help`);

  const error = errorBox();
  const summary = el("p", { className: "kit-lint__summary", role: "status", "aria-live": "polite" });
  const output = el("div", { className: "kit-lint", id: `${id}-result` });
  root.append(form, error, summary, output);

  example.addEventListener("click", () => { input.value = EXAMPLE; input.focus(); }, { signal });
  clear.addEventListener("click", () => {
    input.value = "";
    output.replaceChildren();
    summary.textContent = "";
    error.hidden = true;
    input.focus();
  }, { signal });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    check.disabled = true;
    summary.textContent = "Checking…";
    const text = input.value;
    try {
      const result = await runtime.call("jd_lint", { text });
      output.replaceChildren(...render(text, result, id, signal));
      const { problems, warnings } = result.summary;
      summary.textContent = problems + warnings === 0
        ? "No findings: this advert follows the guide's include and omit lists."
        : `${problems} problem${problems === 1 ? "" : "s"} and ${warnings} warning${warnings === 1 ? "" : "s"} found. The list below explains each one.`;
    } catch (err) {
      summary.textContent = "";
      output.replaceChildren();
      showError(error, err, "Could not check the advert");
    } finally {
      check.disabled = false;
    }
  }, { signal });
}

function render(text, result, id, signal) {
  const titles = Object.fromEntries(result.findings.map((f) => [f.id, f.title]));
  const highlighted = highlight(text, result.segments, titles, id);
  const inText = result.findings.filter((f) => f.kind !== "missing");
  const missing = result.findings.filter((f) => f.kind === "missing");
  const list = (findings, label) => {
    const ol = el("ol", { className: "kit-findings", "aria-label": label });
    for (const finding of findings) ol.append(renderFinding(finding, id, highlighted, signal));
    return ol;
  };

  const parts = [
    el("h3", {}, "Your text, with problems marked"),
    renderPay(result.pay_ranges),
    el("p", { className: "kit-help" }, "Marked phrases are explained below; missing items have no place to mark."),
    highlighted,
    el("h3", { id: `${id}-findings` }, "Problems"),
    inText.length ? list(inText, "Problems") : el("p", {}, "No phrase to change, and the advert states a pay range."),
    el("h3", {}, "Missing from the advert"),
    missing.length ? list(missing, "Missing from the advert")
      : el("p", {}, result.language && !result.language.english
        ? `Not checked: the include list is read in English, and this text reads as ${result.language.name}.`
        : "Every item of the guide's include list is there."),
    renderBalance(result.balance),
  ];
  if (result.included.length) {
    parts.push(el("h3", {}, "Already in the advert"),
      el("ul", { className: "kit-included" }, result.included.map((item) => el("li", {}, item.title))));
  }
  return parts;
}

// Cut the text at the segment boundaries (UTF-16 offsets, as JavaScript strings count) and wrap
// each highlighted piece in a <mark>. Text goes in as text nodes only.
function highlight(text, segments, titles, id) {
  const box = el("div", { className: "kit-lint__text", tabIndex: 0, "aria-label": "Your text with problems marked" });
  let at = 0;
  segments.forEach((segment, i) => {
    if (segment.start > at) box.append(document.createTextNode(text.slice(at, segment.start)));
    const label = segment.findings.map((fid) => titles[fid]).join("; ");
    box.append(el("mark", {
      className: "kit-mark", id: `${id}-mark-${i}`, tabIndex: -1, title: label,
      dataset: { findings: segment.findings.join(" ") },
    }, text.slice(segment.start, segment.end)));
    at = segment.end;
  });
  if (at < text.length) box.append(document.createTextNode(text.slice(at)));
  return box;
}

function renderFinding(finding, id, highlighted, signal) {
  const severity = finding.severity === "problem" ? "Problem" : "Warning";
  const item = el("li", { className: `kit-finding kit-finding--${finding.severity}`, dataset: { finding: finding.id } },
    el("p", { className: "kit-finding__title" },
      el("span", { className: "kit-finding__severity" }, `${severity}: `), finding.title));
  if (finding.confidence && finding.confidence !== "high") {
    item.append(el("p", { className: "kit-finding__confidence" },
      `${finding.confidence === "medium" ? "Medium" : "Low"} confidence: this check is a rule of thumb; read the advert to confirm.`));
  }
  if (finding.spans.length) {
    const quotes = finding.spans.slice(0, 3).map((s) => `“${s.text}”`).join(", ");
    const more = finding.count > 3 ? ` and ${finding.count - 3}${finding.count_capped ? " or" : ""} more` : "";
    item.append(el("p", { className: "kit-finding__found" }, `Found: ${quotes}${more}.`));
  }
  item.append(el("p", {}, el("strong", {}, "Why it matters: "), finding.why));
  item.append(el("p", {}, el("strong", {}, finding.kind === "omit" ? "Instead: " : "Suggestion: "), finding.advice));
  if (finding.spans.length) {
    const show = el("button", { type: "button", className: "md-button kit-finding__show" }, "Show in the text");
    show.addEventListener("click", () => {
      const mark = [...highlighted.querySelectorAll("mark")].find((m) => m.dataset.findings.split(" ").includes(finding.id));
      if (mark) {
        mark.scrollIntoView({ block: "center" });
        mark.focus();
      }
    }, { signal });
    item.append(show);
  }
  return item;
}

// The pay ranges Python found, so a reader sees how their pay line was read.
function renderPay(ranges) {
  if (!ranges || !ranges.length) return el("p", { className: "kit-help" }, "No pay range found in the text.");
  const shown = ranges.slice(0, 3).map((r) => `“${r.text}”`).join(", ");
  const more = ranges.length > 3 ? ` and ${ranges.length - 3} more` : "";
  return el("p", { className: "kit-help" }, `Pay range${ranges.length === 1 ? "" : "s"} found: ${shown}${more}.`);
}

function renderBalance(balance) {
  const total = balance.devops + balance.mlops;
  const box = el("div", { className: "kit-balance" }, el("h3", {}, "DevOps and MLOps signals"));
  if (!total) {
    box.append(el("p", {}, "No DevOps or MLOps terms found."));
    return box;
  }
  const share = Math.round(balance.mlops_share * 100);
  box.append(el("p", {}, `${balance.mlops} MLOps and ${balance.devops} DevOps terms (each counted once): ${share}% MLOps `,
    `(the guide asks for at least ${Math.round(balance.mlops_share_min * 100)}%).`));
  const bar = el("div", { className: "kit-balance__bar", "aria-hidden": "true" },
    el("span", { className: "kit-balance__mlops", style: `width: ${share}%` }),
    el("span", { className: "kit-balance__devops", style: `width: ${100 - share}%` }));
  box.append(bar);
  const terms = (entries) => Object.entries(entries).map(([term, n]) => `${term} (${n})`).join(", ") || "none";
  box.append(el("p", { className: "kit-help" }, `MLOps terms: ${terms(balance.mlops_terms)}. DevOps terms: ${terms(balance.devops_terms)}.`));
  return box;
}
