// Shared pieces of the hiring-manager tools: DOM building with text only, copy and download, and
// the rendering of a built advert. Data goes in with textContent, never innerHTML.
import { runtimeFor } from "../evaluator/client.js";
import { mountRuntimeStatus } from "../evaluator/status.js";
import { copyText, download } from "../tools/save.js";

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

/** What every hiring tool starts with: the root emptied and styled, a pure-Python runtime (no
 * numpy) with its status line, and an id prefix for the tool's elements. */
export function startTool(root, name, signal) {
  const runtime = runtimeFor([]);
  root.replaceChildren();
  root.classList.add("kit-tool", "kit-hiring");
  // The tools' sections are h3s; an h2 above them keeps the page's heading order (axe, Lighthouse).
  const title = document.querySelector(".md-content h1")?.textContent.replace(/¶$/, "").trim();
  root.append(el("h2", { className: "kit-visually-hidden" }, title ? `${title}: the tool` : "The tool"));
  mountRuntimeStatus(root, runtime, { signal });
  return { runtime, id: nextId(name) };
}

// el("p", {className: "x"}, "text", child) -> <p class="x">text<child></p>. Strings become text nodes.
// Keys that must be set as attributes although the element has a (read-only) property of that name.
const ATTRIBUTES = new Set(["list", "style"]);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node && !key.startsWith("aria") && !ATTRIBUTES.has(key)) node[key] = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function button(label, props = {}) {
  return el("button", { type: "button", className: "md-button", ...props }, label);
}

// A labelled control in the kit's form style; returns {field, control}.
export function field(labelText, control, help) {
  const id = control.id || nextId("field");
  control.id = id;
  const label = el("label", { htmlFor: id }, labelText);
  const parts = [label, control];
  if (help) {
    const helpId = `${id}-help`;
    control.setAttribute("aria-describedby", helpId);
    parts.push(el("p", { className: "kit-help", id: helpId }, help));
  }
  return { field: el("div", { className: "kit-field" }, parts), control };
}

export function select(options, value) {
  const node = el("select");
  for (const option of options) node.append(el("option", { value: option.id }, option.label));
  // A remembered or linked value that is no longer a choice falls back to the first option.
  if (options.some((o) => o.id === value)) node.value = value;
  return node;
}

export function exportBar(getText, getFilename, { signal, what = "advert" } = {}) {
  const status = el("p", { className: "kit-export__status", role: "status", "aria-live": "polite" });
  const copy = button(`Copy the ${what}`, { className: "md-button md-button--primary", dataset: { action: "copy" } });
  const save = button("Download as Markdown", { dataset: { action: "download" } });
  copy.addEventListener("click", async () => {
    const ok = await copyText(getText());
    status.textContent = ok ? `Copied the ${what} as Markdown.` : "Could not copy: select the text below and copy it by hand.";
  }, { signal });
  save.addEventListener("click", () => {
    download(getText(), getFilename(), "text/markdown;charset=utf-8");
    status.textContent = `Downloaded ${getFilename()}.`;
  }, { signal });
  return el("div", { className: "kit-export" }, copy, save, status);
}

// A relative link from a tools page to a docs page ("interview/stage-1-....md#anchor").
function pageHref(page, anchor) {
  return `../../${page.replace(/\.md$/, "/")}${anchor ? `#${anchor}` : ""}`;
}

// The advert as the page shows it: headings, lists, each requirement with a link to the scorecard
// dimension that tests it. `result` is what evaluator.api.jd_build returns.
export function renderAdvert(result) {
  const article = el("article", { className: "kit-advert", "aria-label": `Job advert: ${result.title}` });
  article.append(el("h3", { className: "kit-advert__title" }, result.title));
  for (const line of result.header || [{ label: "Location", value: result.location }]) {
    article.append(el("p", { className: "kit-advert__header" }, el("strong", {}, `${line.label}: `), line.value));
  }
  article.append(el("p", { className: "kit-advert__scenario" }, result.scenario));
  for (const section of result.sections) {
    article.append(el("h4", {}, section.heading));
    for (const paragraph of section.paragraphs) article.append(el("p", {}, paragraph));
    if (section.items.length) {
      const list = el(section.ordered ? "ol" : "ul");
      for (const item of section.items) {
        const li = el("li", {}, item.text);
        if (item.assessed_by) {
          const a = item.assessed_by;
          li.append(" ", el("span", { className: "kit-advert__assessed" }, "(",
            el("a", { href: pageHref(a.page, a.anchor) }, `${a.stage_title.split(":")[0]}: ${a.dimension}`), ")"));
        }
        list.append(li);
      }
      article.append(list);
    }
    for (const group of section.groups || []) {
      article.append(el("p", {}, el("strong", {}, group.heading)));
      article.append(el("ul", {}, group.items.map((item) => el("li", {}, item))));
    }
  }
  return article;
}

// Notes for the hiring manager beside the advert: warnings, pay notes, the rules where the job is.
export function renderNotes(result) {
  const box = el("aside", { className: "kit-notes", "aria-label": "Notes for the hiring manager" });
  box.append(el("h3", {}, "Before you post"));
  const items = [...result.warnings, ...result.notes];
  const { problems, warnings } = result.check;
  if (problems.length || warnings.length) {
    items.push(`The JD linter finds: ${[...problems, ...warnings].join("; ")}.`);
  } else {
    items.push("The JD linter finds nothing to fix in this advert.");
  }
  box.append(el("ul", {}, items.map((text) => el("li", {}, text))));
  // What the pay-transparency rules require that the advert lacks (evaluator.jd.builder).
  const missing = result.check.missing || [];
  box.append(missing.length
    ? el("div", { className: "kit-check kit-check--fails", dataset: { check: "fails" } },
      el("p", {}, el("strong", {}, "Not ready to post."), " The rules below, or any advert, need what this one lacks:"),
      el("ul", {}, missing.map((text) => el("li", {}, text))))
    : el("p", { className: "kit-check", dataset: { check: "passes" } },
      el("strong", {}, "Ready to post:"), " the advert carries everything the rules below require."));
  if (result.rules.length) {
    box.append(el("h4", {}, "Pay-transparency rules where the job is"));
    box.append(renderRules(result.rules));
  }
  return box;
}

export function renderRules(rules) {
  const list = el("ul", { className: "kit-rules" });
  for (const rule of rules) {
    const unconfirmed = rule.confirmed ? "" : " (unconfirmed)";
    list.append(el("li", { dataset: { rule: rule.id } },
      el("strong", {}, `${rule.jurisdiction}${unconfirmed}: `), el("span", { className: "kit-rules__status" }, `${rule.status}. `),
      rule.requirement, " ",
      el("span", { className: "kit-rules__meta" }, `Who: ${rule.scope}. Remote jobs: ${rule.remote} `,
        `The advert must carry: ${rule.advert_must.map((e) => e.text).join("; ")}. `,
        rule.effective_note ? `${rule.effective_note} ` : "",
        "Source: ", el("a", { href: rule.source_url, rel: "noreferrer" }, rule.source), ` (${rule.source_kind}; last checked ${rule.checked}).`)));
  }
  return list;
}

export function errorBox() {
  return el("div", { className: "kit-error", role: "alert", hidden: true });
}

export function showError(box, err, doing) {
  box.hidden = false;
  const message = err.kind === "stopped" ? err.message : `${doing}: ${err.message}`;
  box.textContent = /[.!?]$/.test(message) ? message : `${message}.`;
}
