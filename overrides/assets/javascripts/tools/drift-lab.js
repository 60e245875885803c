// The drift lab: two CSV files or drift profiles (picked, dropped, pasted, or the example), the options the evaluator
// describes, one call to evaluator.api.drift_lab in the worker with a progress bar and Stop, and the
// report drawn from its result with exports. The page's build supplies the form's description and
// a prerendered example (scripts/hooks/tools.py, scripts/hooks/drift_lab.py); this file computes nothing itself.
import { runtimeFor } from "../evaluator/client.js";
import { mountRuntimeStatus } from "../evaluator/status.js";
import { h } from "./drift-lab/dom.js";
import { fileSlot } from "./drift-lab/inputs.js";
import { optionsForm } from "./drift-lab/options-form.js";
import { reportView } from "./drift-lab/report-view.js";
import { exportBar } from "./drift-lab/exports.js";
import { profileHelp, profileSaved } from "./drift-lab/profiles.js";
import { download } from "./save.js";

let counter = 0;

/** The bytes of a Blob, read in chunks so a bar can follow; stops when `signal` aborts. */
async function readBytes(blob, onBytes, signal) {
  const out = new Uint8Array(blob.size);
  const reader = blob.stream().getReader();
  let offset = 0;
  try {
    for (;;) {
      if (signal.aborted) throw new DOMException("Stopped", "AbortError");
      const { done, value } = await reader.read();
      if (done) break;
      out.set(value, offset);
      offset += value.length;
      onBytes(offset);
    }
  } finally {
    reader.releaseLock();
  }
  return out;
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function mount(el, { signal, setup }) {
  const uid = `drift-lab-${++counter}`;
  el.replaceChildren();
  el.classList.add("kit-tool", "drift-lab");
  if (!setup) {
    el.append(h("p", { class: "kit-error", role: "alert" }, "This page was built without the drift lab's setup (scripts/hooks/tools.py)."));
    return;
  }
  const runtime = runtimeFor(["numpy", "scipy"]);

  let columnsAsked = 0;
  const onFileChange = () => {
    clearError();
    offerColumns();
  };
  // A file that may be a drift profile is read by the evaluator as it is loaded (a bad one is refused
  // there, the slot's file before it stays); a CSV file's profile is made on request, to download.
  const bytesOf = async (source) => new Uint8Array(await source.blob.arrayBuffer());
  const check = async (source) => {
    const data = await bytesOf(source);
    return runtime.call("drift_lab_inspect", { data, name: source.name }, { transfer: [data.buffer] });
  };
  const save = async (source) => {
    const data = await bytesOf(source);
    const made = await runtime.call("drift_lab_profile", { data, name: source.name }, { transfer: [data.buffer] });
    download(made.bytes, made.file_name, "application/gzip");
    return profileSaved(made, setup);
  };
  const common = { maxBytes: setup.max_file_bytes, maxMB: setup.max_file_mb, uid, signal, onChange: onFileChange, check, save };
  const reference = fileSlot({ ...common, role: "reference", title: "Reference", hint: "The data the model was built on (for example its training window)." });
  const current = fileSlot({ ...common, role: "current", title: "Current", hint: "The data to check (for example last week's scoring log)." });
  const form = optionsForm({ setup, uid, signal });

  const compare = h("button", { type: "button", class: "md-button md-button--primary drift-lab__compare" }, "Compare");
  const example = h("button", { type: "button", class: "md-button drift-lab__example" }, "Load the example");
  const limit = h("p", { class: "drift-lab__limit" },
    `Files of up to ${setup.max_file_mb} MB each. They are read in this browser and never uploaded.`);

  const statusBox = h("div", { class: "drift-lab__status" });
  mountRuntimeStatus(statusBox, runtime, { signal });
  const stageText = h("p", { class: "drift-lab__stage", role: "status", "aria-live": "polite" });
  const bar = h("progress", { class: "drift-lab__bar", max: "1", value: "0", "aria-label": "Progress of the comparison" });
  const stop = h("button", { type: "button", class: "md-button drift-lab__stop" }, "Stop");
  const runBox = h("div", { class: "drift-lab__run", hidden: true }, stageText, bar, stop);
  const announce = h("p", { class: "drift-lab__announce", role: "status", "aria-live": "polite" });
  const error = h("div", { class: "kit-error drift-lab__error", role: "alert", hidden: true });
  const result = h("div", { class: "drift-lab__live" });

  el.append(
    // The files' h3 headings need an h2 above them (the page's sections are h2).
    h("h2", { class: "kit-visually-hidden" }, "Compare two files"),
    h("div", { class: "drift-lab__inputs" }, reference.element, current.element),
    profileHelp(setup),
    form.element,
    h("div", { class: "drift-lab__actions" }, compare, example, limit),
    statusBox, runBox, announce, error, result);

  function clearError() {
    error.hidden = true;
    error.replaceChildren();
  }

  function showError(message, detail) {
    error.hidden = false;
    error.replaceChildren(h("p", null, message));
    if (detail) error.append(h("details", null, h("summary", null, "Details for a bug report"), h("pre", null, detail)));
  }

  /** Show a stage; with no total (waiting for the evaluator to load) the bar moves without a value. */
  function progress(stage, done, total) {
    stageText.textContent = total ? `${capitalised(stage)}: ${Math.floor((done / total) * 100)}%` : `${capitalised(stage)}…`;
    if (total) {
      bar.max = total;
      bar.value = done;
    } else {
      bar.removeAttribute("value");
    }
  }

  /** Ask the evaluator for the files' columns (from their first bytes) to offer in the form. */
  async function offerColumns() {
    const ask = ++columnsAsked;
    const sources = { reference: reference.source, current: current.source };
    if (!sources.reference && !sources.current) return;
    const args = {};
    for (const [role, source] of Object.entries(sources)) {
      if (!source) continue;
      args[`${role}_name`] = source.name;
      // a profile's columns came with the evaluator's look at it; a CSV file's are in its first lines
      if (source.profile) args[`${role}_columns`] = source.profile.names;
      else if (/\.(json|gz)$/i.test(source.name)) delete args[`${role}_name`]; // being looked at: asked again after
      else args[role] = new Uint8Array(await source.blob.slice(0, setup.head_bytes).arrayBuffer());
    }
    if (!Object.keys(args).length) return;
    try {
      const found = await runtime.call("drift_lab_columns", args);
      if (ask === columnsAsked && found.columns) form.offerColumns(found.columns);
    } catch {
      // only suggestions: the comparison itself reports a file that cannot be read
    }
  }

  let run = null; // {abort, calling} while a comparison runs

  // Once the evaluator has loaded, a tiny comparison imports what a real one needs (seconds in the
  // browser), while the reader is still choosing files. After a Stop the fresh worker does it again.
  let warming = null;
  function warmUp() {
    delete el.dataset.warm;
    const thisWarmUp = runtime.call("drift_lab_warm_up").catch(() => {}).then(() => {
      if (warming === thisWarmUp) el.dataset.warm = "true"; // not one a Stop has overtaken
    });
    warming = thisWarmUp;
  }
  runtime.addEventListener("ready", warmUp, { signal });
  runtime.addEventListener("stopped", () => delete el.dataset.warm, { signal });
  if (runtime.state === "ready") warmUp();

  function showStopped() {
    stageText.textContent = "";
    announce.textContent = "Stopped. Your files and options are kept; the calculations are starting again.";
  }

  async function compareFiles() {
    if (run) return;
    clearError();
    announce.textContent = "";
    const ref = reference.source;
    const cur = current.source;
    if (!ref || !cur) {
      showError(!ref && !cur ? "Choose a reference file and a current file first, or load the example."
        : `Choose ${ref ? "a current" : "a reference"} file too.`);
      (ref ? current : reference).focus();
      return;
    }
    const { options, performance: performanceInputs } = form.read();
    run = { abort: new AbortController(), calling: false };
    const { abort } = run;
    el.dataset.running = "true";
    compare.disabled = example.disabled = true;
    runBox.hidden = false;
    let started = null;
    try {
      const total = ref.blob.size + cur.blob.size;
      const opening = "opening the files";
      progress(opening, 0, total);
      const refBytes = await readBytes(ref.blob, (n) => progress(opening, n, total), abort.signal);
      const curBytes = await readBytes(cur.blob, (n) => progress(opening, ref.blob.size + n, total), abort.signal);
      run.calling = true;
      if (runtime.state !== "ready") {
        progress("waiting for the calculations to finish loading", 0, 0);
        await runtime.ready.catch(() => {}); // a failed boot rejects the call below, with its reason
      }
      if (warming && !el.dataset.warm) {
        progress("getting the statistics ready (first comparison only)", 0, 0);
        await warming;
      }
      started = performance.now();
      const answer = await runtime.call("drift_lab", {
        reference: refBytes, current: curBytes, options, performance: performanceInputs, reference_name: ref.name, current_name: cur.name,
      }, { transfer: [refBytes.buffer, curBytes.buffer], onProgress: ({ stage, done, total: of }) => progress(stage, done, of) });
      showResult(answer, { ref, cur, seconds: (performance.now() - started) / 1000 });
    } catch (err) {
      if (err.kind === "stopped" || err.name === "AbortError") showStopped();
      else if (err.kind === "input") showError(`Could not compare the files: ${err.message}`);
      else if (err.kind === "boot") showError(`The calculations could not start: ${err.message}. Press Stop in the status line to try again.`);
      else showError(`The evaluator failed (a bug, not a problem with your files): ${err.message}`, err.detail);
    } finally {
      run = null;
      delete el.dataset.running;
      compare.disabled = example.disabled = false;
      runBox.hidden = true;
    }
  }

  function showResult(answer, { ref, cur, seconds }) {
    document.getElementById("drift-lab-example")?.remove(); // the live result takes the example's place
    const title = h("h2", { class: "drift-lab__result-title", id: `${uid}-result`, tabindex: "-1" }, "Result");
    result.replaceChildren(h("section", { class: "drift-lab__result", "aria-labelledby": title.id },
      title,
      h("div", { class: "drift-lab__provenance" },
        h("p", null, `Computed in your browser in ${seconds.toFixed(1)} s from ${ref.name} (reference) and ${cur.name} (current); nothing was uploaded.`)),
      exportBar(answer, { signal }),
      reportView(setup, answer)));
    announce.textContent = `Comparison done. ${answer.report.summary.verdict}`;
    title.focus({ preventScroll: false });
  }

  async function loadExample() {
    if (run) return;
    clearError();
    const files = setup.example.files;
    try {
      const [ref, cur] = await Promise.all(["reference", "current"].map(async (role) => {
        const response = await fetch(new URL(files[role], window.location.href));
        if (!response.ok) throw new Error(`${files[role]}: HTTP ${response.status}`);
        return { kind: "example", name: `${role}.csv`, blob: await response.blob() };
      }));
      reference.set(ref, { quiet: true });
      current.set(cur, { quiet: true });
      offerColumns();
    } catch (err) {
      showError(`Could not load the example files: ${err.message}`);
      return;
    }
    form.setValues(setup.example.options, setup.example.performance);
    await compareFiles();
  }

  compare.addEventListener("click", compareFiles, { signal });
  example.addEventListener("click", loadExample, { signal });
  stop.addEventListener("click", () => {
    if (!run) return;
    run.abort.abort();
    if (run.calling) runtime.stop();
  }, { signal });
}

