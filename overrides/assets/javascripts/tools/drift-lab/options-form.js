// The drift lab's options, built from the evaluator's own description of them (drift_lab_setup():
// every option's key, label, kind, default, choices, bounds and help text), so an option added in
// Python appears here with no change to this file. Only options that differ from their default are
// sent, as on the command line. The form's values (never the files) are kept in localStorage.
import { h } from "./dom.js";

const STORAGE_KEY = "mlops-kit:drift-lab:v1";
const MAX_PICKS = 200;

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function splitNames(raw) {
  return raw.split(/[,\n]/).map((t) => t.trim()).filter(Boolean);
}

/** How a choice is shown: a metric's name as its label ("js" as "Jensen-Shannon distance"). */
function choiceText(form, choice) {
  return form.setup.drift.metrics.find((m) => m.name === choice)?.label ?? String(choice);
}

/** One control for one option: {element, raw (get/set, a string kept in storage), value()}. */
function makeControl(spec, id, form) {
  const help = h("p", { class: "drift-field__help", id: `${id}-help` }, spec.help);
  const label = h("label", { for: id, class: "drift-field__label" }, spec.label);
  const described = { id, "aria-describedby": `${id}-help` };
  const field = (control, extra) => h("div", { class: "drift-field", "data-key": spec.key, "data-kind": spec.kind }, label, control, extra, help);

  if (spec.kind === "choice") {
    const select = h("select", described, spec.choices.map((c) => h("option", { value: String(c) }, choiceText(form, c))));
    select.value = String(spec.default);
    return {
      element: field(select), inputs: [select],
      get raw() { return select.value; },
      set raw(v) { if (spec.choices.some((c) => String(c) === v)) select.value = v; },
      value: () => spec.choices.find((c) => String(c) === select.value),
    };
  }
  if (spec.kind === "boolean") {
    const box = h("input", { ...described, type: "checkbox" });
    box.checked = Boolean(spec.default);
    return {
      element: h("div", { class: "drift-field drift-field--check", "data-key": spec.key, "data-kind": spec.kind }, box, label, help), inputs: [box],
      get raw() { return String(box.checked); },
      set raw(v) { box.checked = v === "true"; },
      value: () => box.checked,
    };
  }
  if (spec.kind === "multi") {
    const boxes = spec.choices.map((c, i) => h("input", { type: "checkbox", id: `${id}-${i}`, value: String(c) }));
    boxes.forEach((b) => { b.checked = (spec.default ?? []).map(String).includes(b.value); });
    const group = h("fieldset", { class: "drift-field drift-field--multi", "data-key": spec.key, "data-kind": spec.kind, "aria-describedby": `${id}-help` },
      h("legend", null, spec.label),
      h("div", { class: "drift-checks" }, boxes.map((b, i) => h("span", { class: "drift-check" }, b, h("label", { for: b.id }, choiceText(form, spec.choices[i]))))), help);
    return {
      element: group, inputs: boxes,
      get raw() { return JSON.stringify(boxes.filter((b) => b.checked).map((b) => b.value)); },
      set raw(v) { try { const on = JSON.parse(v); boxes.forEach((b) => { b.checked = on.includes(b.value); }); } catch { /* an old value */ } },
      value: () => spec.choices.filter((c, i) => boxes[i].checked),
    };
  }
  if (spec.kind === "integer" || spec.kind === "number") {
    const input = h("input", { ...described, type: "number", inputmode: spec.kind === "integer" ? "numeric" : "decimal",
      step: spec.kind === "integer" ? "1" : "any", min: spec.minimum ?? null, max: spec.maximum ?? null,
      placeholder: spec.default === null ? "" : String(spec.default) });
    return {
      element: field(input), inputs: [input],
      get raw() { return input.value; },
      set raw(v) { input.value = v; },
      // Python checks the value and says what is wrong; a typed-in text goes as it is.
      value: () => (input.value.trim() === "" ? undefined : Number.isFinite(Number(input.value)) ? Number(input.value) : input.value),
    };
  }
  if (spec.kind === "thresholds") {
    const metrics = form.setup.drift.metrics;
    const inputs = [];
    const rows = metrics.map((m) => {
      const input = h("input", { type: "number", step: "any", min: "0", id: `${id}-${m.name}`, "data-metric": m.name, inputmode: "decimal" });
      inputs.push(input);
      return h("div", { class: "drift-threshold", "data-metric": m.name },
        h("label", { for: input.id }, m.label, h("span", { class: "drift-threshold__rule", "data-metric": m.name })), input);
    });
    // One field per metric is long: they sit behind a disclosure that names how many are set.
    const count = h("span", { class: "drift-thresholds__count" });
    const group = h("fieldset", { class: "drift-field drift-field--thresholds", "data-key": spec.key, "data-kind": spec.kind, "aria-describedby": `${id}-help` },
      h("legend", null, spec.label), help,
      h("details", { class: "drift-thresholds__more" }, h("summary", null, "Set thresholds ", count), h("div", { class: "drift-thresholds" }, rows)));
    const control = {
      element: group, inputs,
      get raw() { return JSON.stringify(Object.fromEntries(inputs.filter((i) => i.value !== "").map((i) => [i.dataset.metric, i.value]))); },
      set raw(v) { try { const o = JSON.parse(v); inputs.forEach((i) => { i.value = o[i.dataset.metric] ?? ""; }); } catch { /* an old value */ } },
      value: () => {
        const set = inputs.filter((i) => i.value.trim() !== "");
        if (!set.length) return undefined;
        return Object.fromEntries(set.map((i) => [i.dataset.metric, Number.isFinite(Number(i.value)) ? Number(i.value) : i.value]));
      },
      /** The preset's thresholds as placeholders (an empty field means the preset's value). */
      showDefaults(preset) {
        const set = inputs.filter((i) => i.value.trim() !== "").length;
        count.textContent = set ? `(${set} set; empty fields take the ${preset} preset's value)` : `(all from the ${preset} preset)`;
        const defaults = form.setup.drift.presets[preset]?.thresholds ?? {};
        const kinds = form.setup.drift.presets[preset]?.kinds ?? {};
        for (const rule of group.querySelectorAll(".drift-threshold__rule")) {
          const metric = metrics.find((m) => m.name === rule.dataset.metric);
          rule.textContent = (kinds[metric.name] ?? metric.kind) === "p-value" ? " (drift when p is below)" : " (drift at or above)";
        }
        inputs.forEach((i) => {
          const d = defaults[i.dataset.metric];
          i.placeholder = d === null || d === undefined ? "none" : String(d);
          // a metric with no threshold in this preset (the raw Wasserstein distance) takes none
          i.closest(".drift-threshold").hidden = d === null;
        });
      },
    };
    return control;
  }
  // "names", "numbers", "column", "text" and any kind this file does not know yet: a text field.
  const list = spec.kind === "column" ? `${id}-columns` : null;
  const input = h("input", { ...described, type: "text", autocomplete: "off", spellcheck: "false", list,
    placeholder: spec.kind === "names" ? (spec.maximum === 1 ? "a column name" : "all shared columns") : spec.kind === "numbers" ? "e.g. 0, 10, 20" : spec.default === null ? "" : String(spec.default) });
  const datalist = list ? h("datalist", { id: list }) : null;
  const picks = spec.kind === "names" ? h("div", { class: "drift-picks", hidden: true }) : null;
  const control = {
    element: field(input, [datalist, picks]), inputs: [input],
    get raw() { return input.value; },
    set raw(v) { input.value = v; },
    value: () => {
      const raw = input.value.trim();
      if (raw === "") return undefined;
      if (spec.kind === "names") return splitNames(raw);
      if (spec.kind === "numbers") return raw.split(/[,\s]+/).filter(Boolean).map((t) => (Number.isFinite(Number(t)) ? Number(t) : t));
      return raw;
    },
    /** Offer the files' columns: as suggestions, or as buttons that add and remove names. */
    offerColumns(columns) {
      if (datalist) datalist.replaceChildren(...columns.map((c) => h("option", { value: c })));
      if (!picks) return;
      picks.hidden = !columns.length || columns.length > MAX_PICKS;
      const render = () => {
        const chosen = new Set(splitNames(input.value));
        picks.replaceChildren(h("span", { class: "drift-picks__label" }, spec.maximum === 1 ? "Pick one of the files' columns:" : "Columns of both files:"), ...columns.map((c) => {
          const button = h("button", { type: "button", class: "drift-pick", "aria-pressed": String(chosen.has(c)) }, c);
          button.addEventListener("click", () => {
            const names = splitNames(input.value);
            const single = spec.maximum === 1; // one name at most: a click picks it instead
            input.value = (chosen.has(c) ? names.filter((n) => n !== c) : single ? [c] : [...names, c]).join(", ");
            input.dispatchEvent(new Event("input", { bubbles: true }));
          });
          return button;
        }));
      };
      render();
      control.refresh = render;
    },
  };
  return control;
}

function storedFields() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
    return stored && typeof stored.fields === "object" ? stored.fields : {};
  } catch {
    return {};
  }
}

function store(fields) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ fields }));
  } catch {
    // storage off or full: the form still works, it is only not remembered
  }
}

/** Set `value` at a dotted key ("binning.bins") of `target`. */
function put(target, key, value) {
  const parts = key.split(".");
  const leaf = parts.pop();
  for (const part of parts) target = target[part] ??= {};
  target[leaf] = value;
}

export function optionsForm({ setup, uid, signal, onChange }) {
  const form = { setup };
  const drift = setup.drift.options.map((spec) => ({ spec, group: "drift", control: makeControl(spec, `${uid}-opt-${spec.key.replace(/\W/g, "-")}`, form) }));
  const perf = setup.performance.map((spec) => ({ spec, group: "performance", control: makeControl(spec, `${uid}-perf-${spec.key}`, form) }));
  const all = [...drift, ...perf];
  const byKey = (key) => all.find((f) => f.spec.key === key);
  const summary = h("span", { class: "drift-options__changed" });
  const reset = h("button", { type: "button", class: "md-button drift-options__reset" }, "Reset options to defaults");
  const element = h("details", { class: "drift-options" },
    h("summary", null, h("span", { class: "drift-options__title" }, "Options"), " ", summary),
    h("div", { class: "drift-options__grid" }, drift.map((f) => f.control.element)),
    h("fieldset", { class: "drift-options__performance" },
      h("legend", null, "Model performance (optional)"),
      h("p", { class: "drift-field__help" }, "With a label and a prediction column, the lab also compares the model's accuracy, precision and recall in both files."),
      h("div", { class: "drift-options__grid" }, perf.map((f) => f.control.element))),
    reset);

  const thresholds = all.find((f) => f.spec.kind === "thresholds")?.control;
  const preset = byKey("preset")?.control;

  /** The options dict and the performance inputs, with only what differs from the defaults. */
  function read() {
    const options = {};
    for (const { spec, control } of drift) {
      const value = control.value();
      if (value === undefined || same(value, spec.default)) continue;
      put(options, spec.key, value);
    }
    const performance = {};
    for (const { spec, control } of perf) {
      const value = control.value();
      if (value !== undefined && !same(value, spec.default)) performance[spec.key] = value;
    }
    const wanted = performance.label || performance.prediction;
    return { options, performance: wanted ? performance : null };
  }

  function changedLabels() {
    const out = [];
    for (const { spec, control } of all) {
      const value = control.value();
      if (value !== undefined && !same(value, spec.default)) out.push(spec.label);
    }
    return out;
  }

  function update({ save = true } = {}) {
    thresholds?.showDefaults(preset ? preset.value() : "default");
    const changed = changedLabels();
    summary.textContent = changed.length ? `(changed: ${changed.join(", ")})` : "(all defaults)";
    for (const { control } of all) control.refresh?.();
    if (save) store(Object.fromEntries(all.map((f) => [f.spec.key, f.control.raw])));
  }

  /** Set fields from raw values ({key: raw}); every field not named goes back to its default. */
  function setFields(fields) {
    for (const { spec, control } of all) {
      const raw = fields[spec.key];
      if (raw !== undefined) control.raw = raw;
      else if (spec.kind === "choice") control.raw = String(spec.default);
      else if (spec.kind === "boolean") control.raw = String(Boolean(spec.default));
      else if (spec.kind === "multi") control.raw = JSON.stringify((spec.default ?? []).map(String));
      else control.raw = spec.kind === "thresholds" ? "{}" : "";
    }
    update();
  }

  /** Set fields from an options dict and performance inputs, as drift_lab takes them (the example's). */
  function setValues(options, performance) {
    const fields = {};
    const get = (obj, key) => key.split(".").reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);
    for (const { spec, group } of all) {
      const value = group === "drift" ? get(options, spec.key) : performance?.[spec.key];
      if (value === undefined || value === null) continue;
      if (spec.kind === "thresholds") fields[spec.key] = JSON.stringify(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])));
      else if (spec.kind === "multi") fields[spec.key] = JSON.stringify(value.map(String));
      else if (Array.isArray(value)) fields[spec.key] = value.join(", ");
      else fields[spec.key] = String(value);
    }
    setFields(fields);
  }

  function offerColumns(columns) {
    for (const { control } of all) control.offerColumns?.(columns);
  }

  element.addEventListener("input", () => { update(); onChange?.(); }, { signal });
  element.addEventListener("change", () => { update(); onChange?.(); }, { signal });
  reset.addEventListener("click", () => { setFields({}); onChange?.(); }, { signal });

  const saved = storedFields();
  if (Object.keys(saved).length) setFields(saved);
  else update({ save: false });

  return { element, read, setValues, offerColumns, changedLabels };
}
