// One input of the drift lab: a CSV file or a drift profile (*.profile.json.gz, *.profile.json)
// chosen with the picker, dropped on the box, or CSV pasted as text. It keeps the file as a Blob
// (read again for every run, since each run hands its bytes to the worker) and refuses a file over
// the size limit before reading it. `check` (the evaluator's look at a profile as it is loaded) may
// refuse a file too: the one before it stays. `save` makes the profile of a CSV file to download.
import { h } from "./dom.js";
import { sizeText } from "./format.js";

// A name the evaluator may read as a drift profile (it decides, from the name and the first bytes).
const PROFILE_NAME = /\.(json|gz)$/i;

function profileNote(seen) {
  return `A drift profile of ${seen.table}: ${seen.rows.toLocaleString("en-US")} rows counted in ${seen.columns} columns. It holds counts, not rows.`;
}

export function fileSlot({ role, title, hint, maxBytes, maxMB, uid, signal, onChange, check, save }) {
  let source = null; // {kind: "file" | "text" | "example", name, blob, profile?: what the evaluator read}
  let checking = 0;
  const id = `${uid}-${role}`;
  const input = h("input", { type: "file", id: `${id}-file`, class: "drift-file__input", accept: ".csv,.tsv,.txt,.json,.gz,text/csv,text/plain,application/json,application/gzip", "aria-describedby": `${id}-status` });
  const pick = h("label", { for: `${id}-file`, class: "md-button drift-file__pick" }, `Choose ${role} file`);
  const text = h("textarea", { id: `${id}-text`, rows: "5", spellcheck: "false", "aria-describedby": `${id}-status`, placeholder: "column_a,column_b\n1,red\n2,blue" });
  const paste = h("details", { class: "drift-file__paste" },
    h("summary", null, "Or paste CSV text"),
    h("label", { for: `${id}-text` }, `${title} as CSV text`),
    text);
  const status = h("p", { id: `${id}-status`, class: "drift-file__status", "aria-live": "polite" });
  const error = h("p", { class: "drift-file__error", role: "alert", hidden: true });
  const remove = h("button", { type: "button", class: "drift-file__remove", hidden: true }, "Remove");
  const saveButton = h("button", { type: "button", class: "drift-file__save", hidden: true }, `Save ${role} profile`);
  const note = h("p", { class: "drift-file__note", "aria-live": "polite", hidden: true });
  const zone = h("div", { class: "drift-file__zone" },
    h("p", { class: "drift-file__drop" }, "Drop a CSV file or a drift profile here, or"),
    pick, input);
  const element = h("section", { class: "drift-file", "data-role": role, "aria-labelledby": `${id}-title` },
    h("h3", { id: `${id}-title`, class: "drift-file__title" }, title),
    h("p", { class: "drift-file__hint" }, hint),
    zone, h("div", { class: "drift-file__state" }, status, remove, saveButton), note, error, paste);

  function show() {
    element.dataset.loaded = String(Boolean(source));
    element.dataset.input = source?.profile ? "profile" : source ? "csv" : "none";
    remove.hidden = !source;
    saveButton.hidden = !save || !source || Boolean(source.profile) || Boolean(element.dataset.checking);
    if (!source) status.textContent = "No file yet.";
    else if (source.kind === "text") status.textContent = `Pasted text (${sizeText(source.blob.size)}).`;
    else status.textContent = `${source.name} (${sizeText(source.blob.size)})${source.kind === "example" ? ", the example" : ""}.`;
  }

  function showError(message) {
    error.hidden = !message;
    error.textContent = message || "";
  }

  function showNote(message) {
    note.hidden = !message;
    note.textContent = message || "";
  }

  /** Have the evaluator look at a file that may be a profile; put the one before back if it refuses it. */
  async function checkSource(next, previous) {
    const ask = ++checking;
    element.dataset.checking = "true";
    showNote(`Reading ${next.name}…`);
    show();
    try {
      const seen = await check(next);
      if (ask !== checking || source !== next) return;
      showNote("");
      if (seen?.kind === "profile") {
        next.profile = seen;
        showNote(profileNote(seen));
        onChange?.(source); // its columns are known now
      }
    } catch (err) {
      if (ask !== checking || source !== next) return;
      showNote("");
      if (err.kind === "stopped") return; // the comparison will read the file
      if (err.kind !== "input") { // a fault of the evaluator, not of the file: say so, keep the file
        showError(`Could not read ${next.name} as a drift profile here (the evaluator failed: ${err.message}). Compare will try again.`);
        return;
      }
      source = previous;
      if (previous?.profile) showNote(profileNote(previous.profile));
      showError(`${err.message}${previous ? ` ${previous.name} is still the ${role} file.` : ""}`);
      onChange?.(source);
    } finally {
      if (ask === checking) delete element.dataset.checking;
      show();
    }
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
    showNote("");
    const previous = source;
    source = next;
    if (next?.kind !== "text") text.value = "";
    checking++; // a look still under way at the file before is no longer wanted
    delete element.dataset.checking;
    show();
    if (!quiet) onChange?.(source);
    if (next && check && next.kind === "file" && PROFILE_NAME.test(next.name)) checkSource(next, previous);
    return true;
  }

  saveButton.addEventListener("click", async () => {
    if (!source || source.profile) return;
    const from = source;
    saveButton.disabled = true;
    showError("");
    showNote(`Making the profile of ${from.name}…`);
    try {
      showNote(await save(from));
    } catch (err) {
      showNote("");
      showError(err.kind === "input" ? `Could not make a profile: ${err.message}`
        : err.kind === "stopped" ? "Stopped before the profile was made." : `The evaluator failed (a bug): ${err.message}`);
    } finally {
      saveButton.disabled = false;
    }
  }, { signal });

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
    /** Set while the evaluator looks at a file that may be a profile. */
    get checking() { return Boolean(element.dataset.checking); },
    set,
    showError,
    focus: () => pick.focus(),
  };
}
