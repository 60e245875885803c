// Private interview variants: pick a stage and a seed, let the evaluator (in this tab's worker)
// write the candidate's ZIP and the interviewers' key, and offer both as downloads. The page only
// rolls a random seed and moves bytes; evaluator.api.interview_variant does all the work, and
// nothing leaves the browser.
import { runtimeFor } from "../evaluator/client.js";
import { mountRuntimeStatus } from "../evaluator/status.js";

const STAGES = [
  { id: "stage-2", label: "Stage 2: production debugging (a churn model's scoring log)" },
  { id: "stage-3", label: "Stage 3: code and pipeline review (a training-and-serving pipeline)" },
];
const SEED_DIGITS = 12;

let counter = 0;

// Digits in groups of three, to read aloud and copy without slips ("482 199 301 175").
const grouped = (number) => String(number).replace(/\B(?=(\d{3})+$)/g, " ");

// Twelve random digits from the browser's cryptographic generator.
function rollSeed() {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2));
  return grouped(((high % 2 ** 21) * 2 ** 32 + low) % 9e11 + 1e11); // below 2**53, so exact
}

function sizeText(bytes) {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} bytes`;
}

function element(tag, { className, text, attrs } = {}) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  return el;
}

export function mount(el, { signal }) {
  const runtime = runtimeFor(["numpy", "scipy"]);
  const uid = `variants-${++counter}`;
  el.replaceChildren();
  el.classList.add("kit-tool", "kit-variants");
  mountRuntimeStatus(el, runtime, { signal });

  const form = element("form", { className: "kit-form kit-variants__form" });
  const stageSet = element("fieldset", { className: "kit-variants__stages" });
  stageSet.append(element("legend", { text: "Stage" }));
  for (const [i, stage] of STAGES.entries()) {
    const wrap = element("div", { className: "kit-variants__choice" });
    const radio = element("input", { attrs: { type: "radio", name: `${uid}-stage`, id: `${uid}-${stage.id}`, value: stage.id } });
    radio.checked = i === 0;
    const label = element("label", { text: stage.label, attrs: { for: radio.id } });
    wrap.append(radio, label);
    stageSet.append(wrap);
  }

  const seedLabel = element("label", { text: "Seed", attrs: { for: `${uid}-seed` } });
  const seedRow = element("div", { className: "kit-variants__seed" });
  const seed = element("input", {
    attrs: {
      id: `${uid}-seed`, type: "text", inputmode: "numeric", autocomplete: "off", spellcheck: "false",
      "aria-describedby": `${uid}-seed-help`,
    },
  });
  seed.value = rollSeed();
  const roll = element("button", { className: "md-button", text: "Roll a new seed", attrs: { type: "button" } });
  seedRow.append(seed, roll);
  const seedHelp = element("p", {
    className: "kit-variants__help",
    text: `A whole number; rolled seeds have ${SEED_DIGITS} digits. Keep it private: anyone with the seed can rebuild the key. The same seed always makes the same files.`,
    attrs: { id: `${uid}-seed-help` },
  });
  const make = element("button", { className: "md-button md-button--primary", text: "Make the variant", attrs: { type: "submit" } });
  form.append(stageSet, seedLabel, seedRow, seedHelp, make);

  const progressBox = element("div", { className: "kit-variants__progress" });
  const progressText = element("p", { attrs: { role: "status", "aria-live": "polite" } });
  const progressBar = element("progress", { attrs: { "aria-label": "Progress of the variant" } });
  progressBar.max = 3;
  progressBox.append(progressText, progressBar);
  progressBox.hidden = true;

  const error = element("div", { className: "kit-error", attrs: { role: "alert" } });
  error.hidden = true;
  const output = element("div", { className: "kit-output kit-variants__result", attrs: { "aria-live": "polite" } });
  el.append(form, progressBox, error, output);

  // Object URLs of the current downloads, released when a new variant replaces them or the page goes.
  let urls = [];
  const release = () => {
    for (const url of urls) URL.revokeObjectURL(url);
    urls = [];
  };
  signal.addEventListener("abort", release);

  roll.addEventListener("click", () => {
    seed.value = rollSeed();
    seed.focus();
  }, { signal });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const stage = form.querySelector(`input[name="${uid}-stage"]:checked`).value;
    error.hidden = true;
    make.disabled = true;
    progressBox.hidden = false;
    progressBar.value = 0;
    progressText.textContent = "Making the variant… (the first time, the evaluator loads first)";
    try {
      const result = await runtime.call("interview_variant", { stage, seed: seed.value }, {
        onProgress: ({ stage: step, done, total }) => {
          progressBar.max = total;
          progressBar.value = done;
          progressText.textContent = done < total ? `Step ${done + 1} of ${total}: ${step}…` : "Done.";
        },
      });
      release();
      output.replaceChildren(renderResult(result, urls));
      progressText.textContent = `Variant ready: ${result.zip_name} and ${result.key_name}.`;
      progressBar.value = progressBar.max;
    } catch (err) {
      progressBox.hidden = true;
      error.hidden = false;
      error.textContent = err.kind === "stopped" ? err.message
        : err.kind === "input" ? `Check the seed: ${err.message}.`
        : `The variant could not be made: ${err.message}`;
    } finally {
      make.disabled = false;
    }
  }, { signal });
}

function download(bytes, name, type, label, urls) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  urls.push(url);
  const link = element("a", { className: "md-button md-button--primary kit-variants__download", text: label });
  link.href = url;
  link.download = name;
  return link;
}

function renderResult(result, urls) {
  const section = element("section", { className: "kit-variants__ready", attrs: { "aria-label": "The variant" } });
  const stageName = result.stage === "stage-2" ? "Stage 2" : "Stage 3";
  section.append(element("h3", { text: `${stageName} variant, seed ${grouped(result.seed)}` }));

  const facts = element("ul", { className: "kit-variants__facts" });
  const s = result.summary;
  if (result.stage === "stage-2") {
    const pct = (x) => `${(100 * x).toFixed(1)}%`;
    facts.append(element("li", {
      text: `The candidate's brief says accuracy fell from ${pct(s.accuracy_reference)} to ${pct(s.accuracy_current)} (${s.accuracy_drop_points.toFixed(1)} percentage points).`,
    }));
    facts.append(element("li", { text: `${s.planted} causes are planted; the key names them.` }));
  } else {
    facts.append(element("li", { text: `${s.planted} faults are planted, at least one per scorecard dimension; the key names them.` }));
  }
  facts.append(element("li", { text: `Write the seed ${grouped(result.seed)} in the candidate's interview notes, not in any message to them.` }));
  section.append(facts);

  const buttons = element("div", { className: "kit-variants__downloads" });
  const zipBytes = result.zip;
  buttons.append(
    download(zipBytes, result.zip_name, "application/zip", `Download the candidate's ZIP (${result.zip_name}, ${sizeText(zipBytes.byteLength)})`, urls),
    download(new TextEncoder().encode(result.key), result.key_name, "text/markdown", `Download the key (${result.key_name}, private)`, urls),
  );
  section.append(buttons);

  section.append(element("p", { className: "kit-variants__hash", text: `SHA-256 of the ZIP: ${result.zip_sha256}` }));
  const table = element("table", { className: "kit-variants__files" });
  table.append(element("caption", { text: "What the ZIP holds" }));
  const head = element("thead");
  const headRow = element("tr");
  for (const name of ["File", "Size", "SHA-256"]) headRow.append(element("th", { text: name, attrs: { scope: "col" } }));
  head.append(headRow);
  const body = element("tbody");
  for (const file of result.files) {
    const tr = element("tr");
    tr.append(element("th", { text: file.name, attrs: { scope: "row" } }));
    tr.append(element("td", { text: sizeText(file.bytes) }));
    tr.append(element("td", { className: "kit-variants__hash", text: file.sha256 }));
    body.append(tr);
  }
  table.append(head, body);
  const scroll = element("div", {
    className: "kit-scroll", attrs: { tabindex: "0", role: "region", "aria-label": "Files in the ZIP (table; scrolls sideways on narrow screens)" },
  });
  scroll.append(table);
  section.append(scroll);

  const preview = element("details", { className: "kit-variants__preview" });
  preview.append(element("summary", { text: "Read the key here (check that nobody can see your screen)" }));
  // Focusable, so the key can be scrolled from the keyboard too.
  preview.append(element("pre", {
    className: "kit-variants__key", text: result.key,
    attrs: { tabindex: "0", role: "region", "aria-label": `The key, ${result.key_name}` },
  }));
  section.append(preview);
  return section;
}
