// Saving a drift lab result: the whole result as JSON (the CLI's --format json schema, with the
// performance comparison the page shows: evaluator.lab.report_document) or Markdown (the
// evaluator's own rendering, as --format markdown), downloaded or copied. Nothing leaves the browser.
import { copyText, download } from "../save.js";
import { h } from "./dom.js";

export function exportBar(answer, { signal }) {
  const status = h("span", { class: "drift-lab__export-status", role: "status", "aria-live": "polite" });
  const json = h("button", { type: "button", class: "md-button" }, "Download JSON");
  const markdown = h("button", { type: "button", class: "md-button" }, "Download Markdown");
  const copy = h("button", { type: "button", class: "md-button" }, "Copy as Markdown");
  json.addEventListener("click", () => {
    download(`${JSON.stringify(answer.export, null, 2)}\n`, "drift-report.json", "application/json");
    status.textContent = "Saved drift-report.json.";
  }, { signal });
  markdown.addEventListener("click", () => {
    download(answer.markdown, "drift-report.md", "text/markdown");
    status.textContent = "Saved drift-report.md.";
  }, { signal });
  copy.addEventListener("click", async () => {
    status.textContent = (await copyText(answer.markdown))
      ? "Copied the report as Markdown."
      : "The browser refused to copy; use Download Markdown instead.";
  }, { signal });
  return h("p", { class: "drift-lab__exports" }, json, " ", markdown, " ", copy, " ", status);
}
