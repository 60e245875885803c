// Saving a drift lab result: the report as JSON (the CLI's --format json schema) or Markdown (the
// evaluator's own rendering, as --format markdown), downloaded or copied. Nothing leaves the browser.
import { h } from "./dom.js";

function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

async function copyText(text) {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Older browsers, or a page where the clipboard API is not allowed: copy from a hidden field.
  const field = h("textarea", { class: "drift-offscreen", readonly: true });
  field.value = text;
  document.body.append(field);
  field.select();
  const ok = document.execCommand("copy");
  field.remove();
  if (!ok) throw new Error("the browser refused to copy");
}

export function exportBar(answer, { signal }) {
  const status = h("span", { class: "drift-lab__export-status", role: "status", "aria-live": "polite" });
  const json = h("button", { type: "button", class: "md-button" }, "Download JSON");
  const markdown = h("button", { type: "button", class: "md-button" }, "Download Markdown");
  const copy = h("button", { type: "button", class: "md-button" }, "Copy as Markdown");
  json.addEventListener("click", () => {
    download(`${JSON.stringify(answer.report, null, 2)}\n`, "drift-report.json", "application/json");
    status.textContent = "Saved drift-report.json.";
  }, { signal });
  markdown.addEventListener("click", () => {
    download(answer.markdown, "drift-report.md", "text/markdown");
    status.textContent = "Saved drift-report.md.";
  }, { signal });
  copy.addEventListener("click", async () => {
    try {
      await copyText(answer.markdown);
      status.textContent = "Copied the report as Markdown.";
    } catch (err) {
      status.textContent = `Could not copy (${err.message}); use Download Markdown instead.`;
    }
  }, { signal });
  return h("p", { class: "drift-lab__exports" }, json, " ", markdown, " ", copy, " ", status);
}
