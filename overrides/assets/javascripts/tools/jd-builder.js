// JD builder: a form about the role and the team becomes an advert (evaluator.api.jd_build), shown
// with its requirement-to-scorecard links, the hiring manager's notes, and Copy / Download.
// The form's fields, choices, defaults and help come from Python (evaluator.api.jd_options).
import { el, errorBox, exportBar, field, renderAdvert, renderNotes, select, showError, startTool } from "../hiring/ui.js";

const STORAGE_KEY = "mlops-kit:jd-builder:v1";

export function mount(root, { signal, setup }) {
  const { runtime, id } = startTool(root, "jd-builder", signal);
  const loading = el("p", { className: "kit-help" }, "The form appears when the evaluator has started.");
  const error = errorBox();
  root.append(loading, error);

  // The build writes the form's options (scripts/hooks/tools.py): the form needs no Python.
  (setup ? Promise.resolve(setup) : runtime.call("jd_options", {})).then((options) => {
    if (signal.aborted) return;
    loading.remove();
    buildForm(root, runtime, options, id, error, signal);
  }, (err) => {
    loading.remove();
    showError(error, err, "Could not load the form");
  });
}

function buildForm(root, runtime, options, id, error, signal) {
  const { form: opts } = options;
  const saved = readSaved();
  const fromUrl = Object.fromEntries(new URLSearchParams(location.search));
  const initial = { ...opts.defaults, ...saved, ...pick(fromUrl, ["role", "level"]) };

  const controls = {
    role: select(opts.roles, initial.role),
    level: select(opts.levels, initial.level),
    ml_engineers: el("input", { type: "number", min: 0, step: 1, inputMode: "numeric", value: initial.ml_engineers ?? "" }),
    models_in_production: el("input", { type: "number", min: 0, step: 1, inputMode: "numeric", value: initial.models_in_production ?? "" }),
    deployment_frequency: select([{ id: "", label: "Not stated" }, ...opts.deployment_frequencies], initial.deployment_frequency ?? ""),
    scenario: el("textarea", { rows: 3, maxLength: opts.limits.text, value: initial.scenario ?? "" }),
    tools: el("input", { type: "text", list: `${id}-tools`, value: initial.tools ?? "", autocomplete: "off" }),
    location: select(opts.locations, initial.location),
    company: el("input", { type: "text", value: initial.company ?? "", autocomplete: "organization" }),
    pay_low: el("input", { type: "number", min: 0, step: 1000, inputMode: "numeric", value: initial.pay_low ?? "" }),
    pay_high: el("input", { type: "number", min: 0, step: 1000, inputMode: "numeric", value: initial.pay_high ?? "" }),
    pay_basis: el("input", { type: "text", value: initial.pay_basis ?? "" }),
    city: el("input", { type: "text", value: initial.city ?? "", autocomplete: "address-level2", maxLength: 80 }),
    country: el("input", { type: "text", value: initial.country ?? "", autocomplete: "country-name", maxLength: 80 }),
    work_arrangement: select(opts.work_arrangements, initial.work_arrangement),
    reports_to: el("input", { type: "text", value: initial.reports_to ?? "", maxLength: 80 }),
    benefits: el("textarea", { rows: 2, maxLength: opts.limits.text, value: initial.benefits ?? "" }),
    close_date: el("input", { type: "date", value: initial.close_date ?? "" }),
    ai_screening: select(opts.ai_screening, initial.ai_screening),
    vacancy: select(opts.vacancies, initial.vacancy),
  };
  const scenarioExample = () => opts.roles.find((r) => r.id === controls.role.value)?.scenario ?? "";
  controls.scenario.placeholder = scenarioExample();
  controls.role.addEventListener("change", () => { controls.scenario.placeholder = scenarioExample(); }, { signal });
  const datalist = el("datalist", { id: `${id}-tools` }, opts.tool_suggestions.map((t) => el("option", { value: t })));

  const help = opts.help;
  // Labels come from the form spec (evaluator.jd.form.FIELDS), like the help texts.
  const labels = Object.fromEntries(opts.fields.map((f) => [f.id, f.label]));
  const fieldset = (legend, ...fields) => el("fieldset", { className: "kit-fieldset" }, el("legend", {}, legend), ...fields.map((f) => f.field));
  const submit = el("button", { type: "submit", className: "md-button md-button--primary" }, "Build the advert");
  const form = el("form", { className: "kit-form kit-builder", noValidate: true },
    fieldset("The role",
      field(labels.role, controls.role, help.role),
      field(labels.level, controls.level, help.level),
      wide(field(labels.scenario, controls.scenario, help.scenario))),
    fieldset("Your team",
      field(labels.ml_engineers, controls.ml_engineers, help.ml_engineers),
      field(labels.models_in_production, controls.models_in_production, help.models_in_production),
      field(labels.deployment_frequency, controls.deployment_frequency, help.deployment_frequency),
      field(labels.tools, controls.tools, help.tools),
      field(labels.company, controls.company, help.company)),
    fieldset("Location and pay",
      field(labels.location, controls.location, help.location),
      field(labels.city, controls.city, help.city),
      field(labels.country, controls.country, help.country),
      field(labels.work_arrangement, controls.work_arrangement, help.work_arrangement),
      field(labels.reports_to, controls.reports_to, help.reports_to),
      field(labels.pay_low, controls.pay_low, help.pay),
      field(labels.pay_high, controls.pay_high),
      field(labels.pay_basis, controls.pay_basis, help.pay_basis)),
    fieldset("What some laws require in the advert",
      wide(field(labels.benefits, controls.benefits, help.benefits)),
      field(labels.close_date, controls.close_date, help.close_date),
      field(labels.ai_screening, controls.ai_screening, help.ai_screening),
      field(labels.vacancy, controls.vacancy, help.vacancy)),
    datalist,
    el("div", { className: "kit-actions" }, submit));

  const summary = el("p", { className: "kit-builder__summary", role: "status", "aria-live": "polite" });
  const output = el("div", { className: "kit-builder__result", id: `${id}-result` });
  // The error goes under the button that caused it, where the reader is looking.
  root.append(form, error, summary, output);

  let current = null;
  const values = () => Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value.trim() === "" ? null : c.value]));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    summary.textContent = "Building…";
    const fields = values();
    try {
      current = await runtime.call("jd_build", { form: fields });
      save(fields);
      output.replaceChildren(
        exportBar(() => current.markdown, () => current.filename, { signal }),
        el("div", { className: "kit-advert-layout" }, renderAdvert(current), renderNotes(current)));
      const ready = current.check.passes ? "It carries everything the rules where the job is require." : `Not ready to post: ${current.check.missing.length || "some"} thing${current.check.missing.length === 1 ? "" : "s"} missing, listed beside the advert.`;
      summary.textContent = `Advert built: ${current.title}. ${ready} ${current.warnings.length ? `${current.warnings.length} note${current.warnings.length === 1 ? "" : "s"} before you post.` : ""}`;
    } catch (err) {
      summary.textContent = "";
      showError(error, err, "Could not build the advert");
    } finally {
      submit.disabled = false;
    }
  }, { signal });
}

function wide(f) {
  f.field.classList.add("kit-field--wide");
  return f;
}

function pick(object, keys) {
  return Object.fromEntries(keys.filter((k) => object[k]).map((k) => [k, object[k]]));
}

function readSaved() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}") || {};
  } catch {
    return {};
  }
}

function save(values) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(values));
  } catch {
    // Storage full or disabled: the form still works, it just will not be remembered.
  }
}
