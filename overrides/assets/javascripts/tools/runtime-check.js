// Runtime check: boots the evaluator in this browser and summarises numbers with numpy, so a
// reader (or a test) can see the whole path work: page -> worker -> Pyodide -> numpy -> page.
import { runtimeFor } from "../evaluator/client.js";
import { mountRuntimeStatus } from "../evaluator/status.js";

let counter = 0;

export function mount(el, { signal }) {
  const packages = (el.dataset.packages ?? "numpy").split(/\s+/).filter(Boolean);
  const runtime = runtimeFor(packages);
  const uid = `runtime-check-${++counter}`;
  el.replaceChildren();
  el.classList.add("kit-tool");
  mountRuntimeStatus(el, runtime, { signal });
  // This page is the technical check: it names what runs (the status line speaks plainly).
  const environment = document.createElement("p");
  environment.className = "kit-help kit-runtime-check__environment";
  environment.textContent = "Versions appear here when the runtime has loaded.";
  const showEnvironment = () => {
    const env = runtime.environment || {};
    const libs = Object.entries(env.libraries || {}).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`);
    environment.textContent = `Running Python ${env.python}${libs.length ? ` with ${libs.join(", ")}` : ""}, loaded in ${((runtime.bootMs ?? 0) / 1000).toFixed(1)} s.`;
  };
  runtime.addEventListener("ready", showEnvironment, { signal });
  if (runtime.state === "ready") showEnvironment();
  // Loading the runtime is what this page is for: start it once the page has loaded, not later.
  if (document.readyState === "complete") runtime.boot();
  else window.addEventListener("load", () => runtime.boot(), { once: true, signal });
  el.append(environment);

  const form = document.createElement("form");
  form.className = "kit-form";
  const label = document.createElement("label");
  label.htmlFor = `${uid}-numbers`;
  label.textContent = "Numbers to summarise (separated by spaces, commas or new lines)";
  const input = document.createElement("textarea");
  input.id = `${uid}-numbers`;
  input.name = "numbers";
  input.rows = 3;
  input.spellcheck = false;
  input.value = "0.12 0.31 0.08 0.27 0.45 0.19";
  const submit = document.createElement("button");
  submit.type = "submit";
  submit.className = "md-button md-button--primary";
  submit.textContent = "Summarise with numpy";
  form.append(label, input, submit);

  const error = document.createElement("div");
  error.className = "kit-error";
  error.setAttribute("role", "alert");
  error.hidden = true;

  const output = document.createElement("div");
  output.className = "kit-output";
  output.setAttribute("aria-live", "polite");
  output.id = `${uid}-result`;
  el.append(form, error, output);

  form.addEventListener(
    "submit",
    async (event) => {
      event.preventDefault();
      error.hidden = true;
      submit.disabled = true;
      try {
        const result = await runtime.call("summarize", { text: input.value });
        output.replaceChildren(resultTable(result));
      } catch (err) {
        error.hidden = false;
        error.textContent = err.kind === "stopped" ? err.message : `Could not summarise: ${err.message}`;
      } finally {
        submit.disabled = false;
      }
    },
    { signal },
  );
}

function resultTable(result) {
  const table = document.createElement("table");
  const caption = document.createElement("caption");
  caption.textContent = `Summary computed by numpy ${result.numpy} in your browser`;
  table.append(caption);
  const rows = [
    ["count", result.n], ["mean", result.mean], ["standard deviation", result.std],
    ["minimum", result.min], ["first quartile", result.q1], ["median", result.median],
    ["third quartile", result.q3], ["maximum", result.max],
  ];
  const body = document.createElement("tbody");
  for (const [name, value] of rows) {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = name;
    const td = document.createElement("td");
    td.dataset.stat = name;
    td.textContent = value === null ? "n/a (needs two or more numbers)" : String(value);
    tr.append(th, td);
    body.append(tr);
  }
  table.append(body);
  return table;
}
