// One input of the drift lab: a CSV file chosen with the picker, dropped on the box, or pasted as
// text. It keeps the file as a Blob (read again for every run, since each run hands its bytes to the
// worker) and refuses a file over the size limit before reading it.
import { h } from "./dom.js";
import { sizeText } from "./format.js";

export function fileSlot({ role, title, hint, maxBytes, maxMB, uid, signal, onChange }) {
  let source = null; // {kind: "file" | "text" | "example", name, blob}
  const id = `${uid}-${role}`;
  const input = h("input", { type: "file", id: `${id}-file`, class: "drift-file__input", accept: ".csv,.tsv,.txt,text/csv,text/plain", "aria-describedby": `${id}-status` });
  const pick = h("label", { for: `${id}-file`, class: "md-button drift-file__pick" }, `Choose ${role} file`);
  const text = h("textarea", { id: `${id}-text`, rows: "5", spellcheck: "false", "aria-describedby": `${id}-status`, placeholder: "column_a,column_b\n1,red\n2,blue" });
  const paste = h("details", { class: "drift-file__paste" },
    h("summary", null, "Or paste CSV text"),
    h("label", { for: `${id}-text` }, `${title} as CSV text`),
    text);
  const status = h("p", { id: `${id}-status`, class: "drift-file__status", "aria-live": "polite" });
  const error = h("p", { class: "drift-file__error", role: "alert", hidden: true });
  const remove = h("button", { type: "button", class: "drift-file__remove", hidden: true }, "Remove");
  const zone = h("div", { class: "drift-file__zone" },
    h("p", { class: "drift-file__drop" }, "Drop a CSV file here, or"),
    pick, input);
  const element = h("section", { class: "drift-file", "data-role": role, "aria-labelledby": `${id}-title` },
    h("h3", { id: `${id}-title`, class: "drift-file__title" }, title),
    h("p", { class: "drift-file__hint" }, hint),
    zone, h("div", { class: "drift-file__state" }, status, remove), error, paste);

  function show() {
    element.dataset.loaded = String(Boolean(source));
    remove.hidden = !source;
    if (!source) status.textContent = "No file yet.";
    else if (source.kind === "text") status.textContent = `Pasted text (${sizeText(source.blob.size)}).`;
    else status.textContent = `${source.name} (${sizeText(source.blob.size)})${source.kind === "example" ? ", the example" : ""}.`;
  }

  function showError(message) {
    error.hidden = !message;
    error.textContent = message || "";
  }

  /** Take a new source unless it is over the limit; the previous one stays if it is refused. */
  function set(next, { quiet = false } = {}) {
    if (next && next.blob.size > maxBytes) {
      showError(`${next.name} is ${sizeText(next.blob.size)}; the lab reads files of up to ${maxMB} MB each. ` +
        "Compare a sample of it, or use the command line (python -m evaluator drift), which has no limit." +
        (source ? ` ${source.name} is still the ${role} file.` : ""));
      return false;
    }
    showError("");
    source = next;
    if (next?.kind !== "text") text.value = "";
    show();
    if (!quiet) onChange?.(source);
    return true;
  }

  input.addEventListener("change", () => {
    const file = input.files[0];
    input.value = ""; // choosing the same file again must fire change again
    if (file) set({ kind: "file", name: file.name, blob: file });
  }, { signal });
  text.addEventListener("input", () => {
    set(text.value.trim() ? { kind: "text", name: `pasted-${role}.csv`, blob: new Blob([text.value], { type: "text/csv" }) } : null);
  }, { signal });
  remove.addEventListener("click", () => {
    text.value = "";
    set(null);
    pick.focus();
  }, { signal });
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.dataset.over = "true";
    }, { signal });
  }
  zone.addEventListener("dragleave", () => delete zone.dataset.over, { signal });
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    delete zone.dataset.over;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (!files.length) return;
    const taken = set({ kind: "file", name: files[0].name, blob: files[0] });
    if (taken && files.length > 1) showError(`${files.length} files were dropped here; the first, ${files[0].name}, is used. Drop one file on each box.`);
  }, { signal });
  show();

  return {
    element,
    get source() { return source; },
    set,
    showError,
    focus: () => pick.focus(),
  };
}
