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
  };
  const scenarioExample = () => opts.roles.find((r) => r.id === controls.role.value)?.scenario ?? "";
  controls.scenario.placeholder = scenarioExample();
  controls.role.addEventListener("change", () => { controls.scenario.placeholder = scenarioExample(); }, { signal });
  const datalist = el("datalist", { id: `${id}-tools` }, opts.tool_suggestions.map((t) => el("option", { value: t })));

  const help = opts.help;
  const fieldset = (legend, ...fields) => el("fieldset", { className: "kit-fieldset" }, el("legend", {}, legend), ...fields.map((f) => f.field));
  const submit = el("button", { type: "submit", className: "md-button md-button--primary" }, "Build the advert");
  const form = el("form", { className: "kit-form kit-builder", noValidate: true },
    fieldset("The role",
      field("Role type", controls.role, help.role),
      field("Level", controls.level, help.level),
      wide(field("Scenario sentence", controls.scenario, help.scenario))),
    fieldset("Your team",
      field("ML engineers", controls.ml_engineers, help.ml_engineers),
      field("Models in production", controls.models_in_production, help.models_in_production),
      field("Deployment frequency", controls.deployment_frequency, help.deployment_frequency),
      field("Tools in use", controls.tools, help.tools),
      field("Company name", controls.company, help.company)),
    fieldset("Location and pay",
      field("Location", controls.location, help.location),
      field("Pay band from", controls.pay_low, help.pay),
      field("Pay band to", controls.pay_high),
      field("The band covers", controls.pay_basis, help.pay_basis)),
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
      summary.textContent = `Advert built: ${current.title}. ${current.warnings.length ? `${current.warnings.length} note${current.warnings.length === 1 ? "" : "s"} before you post.` : ""}`;
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
