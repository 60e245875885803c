// Private interview variants: pick a stage, a seed and (optionally) the team's private pack, let
// the evaluator (in this tab's worker) write the candidate's ZIP and the interviewers' key, and
// offer both as downloads. The page only rolls a random seed, reads the pack's bytes and moves
// bytes; evaluator.api.interview_variant does all the work, and nothing leaves the browser (the
// pack stays in this tab's memory until the page is left or "Forget the pack" is pressed).
import { runtimeFor } from "../evaluator/client.js";
import { mountRuntimeStatus } from "../evaluator/status.js";

const STAGES = [
  { id: "stage-2", label: "Stage 2: production debugging (a churn model's scoring log)" },
  { id: "stage-3", label: "Stage 3: code and pipeline review (a training-and-serving pipeline)" },
];
// A real variant's seed: from 2**48 to 2**53 - 1 (evaluator/interview/seeds.py checks it; a
// smaller one only for practice).
const SEED_MIN = 2 ** 48;
const SEED_SPAN = 2 ** 53 - SEED_MIN;

let counter = 0;

// Digits in groups of three, to read aloud and copy without slips ("482 199 301 175").
const grouped = (number) => String(number).replace(/\B(?=(\d{3})+$)/g, " ");

// A seed from 2**48 to 2**53 - 1, uniform, from the browser's cryptographic generator: 53 random
// bits, drawn again while they fall below 2**48 (1 time in 32), so every value is exact.
function rollSeed() {
  for (;;) {
    const [high, low] = crypto.getRandomValues(new Uint32Array(2));
    const value = (high % 2 ** 21) * 2 ** 32 + low;
    if (value >= SEED_MIN) return grouped(value);
  }
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
    text: `A whole number from ${grouped(SEED_MIN)} up (rolled seeds have 15 or 16 digits), too many to find by trying. Keep it private: anyone with the seed (and your pack, if you use one) can rebuild the key. The same seed always makes the same files.`,
    attrs: { id: `${uid}-seed-help` },
  });
  const practiceRow = element("div", { className: "kit-variants__choice" });
  const practice = element("input", { attrs: { type: "checkbox", id: `${uid}-practice`, "aria-describedby": `${uid}-practice-help` } });
  practiceRow.append(practice, element("label", { text: "Practice variant (allows a short seed)", attrs: { for: practice.id } }));
  const practiceHelp = element("p", {
    className: "kit-variants__help",
    text: "A seed below the minimum can be found by a candidate who tries seeds against the files, and with it the key: use one only to practise, never for a real candidate. The key then says so.",
    attrs: { id: `${uid}-practice-help` },
  });

  // The private pack: read here, kept in this tab's memory only, sent with each call to the worker.
  const packSet = element("fieldset", { className: "kit-variants__pack" });
  packSet.append(element("legend", { text: "Private pack (optional)" }));
  const packInput = element("input", {
    attrs: { type: "file", id: `${uid}-pack`, accept: ".toml,text/plain,application/toml", "aria-describedby": `${uid}-pack-help` },
  });
  const packLabel = element("label", { text: "Your team's pack for this stage (a TOML file)", attrs: { for: packInput.id } });
  const packHelp = element("p", {
    className: "kit-variants__help",
    text: "The public menus are practice material: a candidate can read every cause and fault they can plant. A pack is your own menu in the same format; it never leaves this tab, and its name and hash go into the key. Without a pack, the public menu is used.",
    attrs: { id: `${uid}-pack-help` },
  });
  const packStatus = element("p", { className: "kit-variants__help", attrs: { role: "status", "aria-live": "polite" } });
  const forget = element("button", { className: "md-button", text: "Forget the pack", attrs: { type: "button" } });
  forget.hidden = true;
  packSet.append(packLabel, packInput, packHelp, packStatus, forget);

  const make = element("button", { className: "md-button md-button--primary", text: "Make the variant", attrs: { type: "submit" } });
  form.append(stageSet, seedLabel, seedRow, seedHelp, practiceRow, practiceHelp, packSet, make);

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

  let pack = null; // { name, bytes }: the chosen pack, in memory only
  const showPack = () => {
    packStatus.textContent = pack ? `Pack loaded: ${pack.name} (${sizeText(pack.bytes.byteLength)}), kept in this tab only.` : "No pack: the public menu (practice material) is used.";
    forget.hidden = !pack;
  };
  showPack();
  packInput.addEventListener("change", async () => {
    const file = packInput.files[0];
    if (!file) return;
    pack = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    packInput.value = ""; // the bytes are held above; the input keeps no file
    showPack();
  }, { signal });
  forget.addEventListener("click", () => {
    pack = null;
    showPack();
    packInput.focus();
  }, { signal });
  signal.addEventListener("abort", () => { pack = null; });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const stage = form.querySelector(`input[name="${uid}-stage"]:checked`).value;
    error.hidden = true;
    make.disabled = true;
    progressBox.hidden = false;
    progressBar.value = 0;
    progressText.textContent = "Making the variant… (the first time, the evaluator loads first)";
    try {
      const args = { stage, seed: seed.value, practice: practice.checked };
      const transfer = [];
      if (pack) {
        args.pack = new Uint8Array(pack.bytes); // a copy moves to the worker; the pack stays here
        args.pack_name = pack.name;
        transfer.push(args.pack.buffer);
      }
      const result = await runtime.call("interview_variant", args, {
        transfer,
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
        : err.kind === "input" ? `Check the ${/pack/.test(err.message) ? "pack" : "seed"}: ${err.message}.`
        : `The variant could not be made: ${err.message}`;
    } finally {
      make.disabled = false;
    }
  }, { signal });
}

function download(bytes, name, type, label, urls, className) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  urls.push(url);
  const link = element("a", { className: `md-button kit-variants__download ${className}`, text: label });
  link.href = url;
  link.download = name;
  return link;
}

function renderResult(result, urls) {
  const section = element("section", { className: "kit-variants__ready", attrs: { "aria-label": "The variant" } });
  const stageName = result.stage === "stage-2" ? "Stage 2" : "Stage 3";
  section.append(element("h3", { text: `${stageName} variant, seed ${grouped(result.seed)}` }));
  if (result.practice) {
    section.append(element("p", { className: "kit-variants__warning", text: "Practice variant: its seed is short enough to find by search. Never use it for a real candidate." }));
  }

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
  facts.append(element("li", {
    text: result.pack ? `Drawn from your pack “${result.pack.name}” (SHA-256 ${result.pack.sha256.slice(0, 12)}…); keep the pack file with the seed.`
      : "Drawn from the public menu (practice material: candidates can read it). For real hiring, load your team's pack.",
  }));
  facts.append(element("li", { text: `Write the seed ${grouped(result.seed)} in the candidate's interview notes, not in any message to them.` }));
  section.append(facts);

  // Two boxes that look different: what goes to the candidate, and what never does.
  const zipBytes = result.zip;
  const forCandidate = element("div", { className: "kit-variants__downloads kit-variants__for-candidate" });
  forCandidate.append(
    element("h4", { text: "To send to the candidate" }),
    download(zipBytes, result.zip_name, "application/zip", `Download the candidate's ZIP (${result.zip_name}, ${sizeText(zipBytes.byteLength)})`, urls, "md-button--primary"),
  );
  const forInterviewers = element("div", { className: "kit-variants__downloads kit-variants__private" });
  forInterviewers.append(
    element("h4", { text: "Private: for the interviewers only" }),
    element("p", { text: "Never send or publish the key. It names every planted problem." }),
    download(new TextEncoder().encode(result.key), result.key_name, "text/markdown", `Download the private key (${result.key_name})`, urls, "kit-variants__key-download"),
  );
  section.append(forCandidate, forInterviewers);

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
