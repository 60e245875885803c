// JD templates: pick a role type, a level and a location; the template advert (evaluator.api.jd_template)
// appears with its requirement-to-scorecard links, the notes for the hiring manager, Copy and Download.
import { el, errorBox, exportBar, field, renderAdvert, renderNotes, select, showError, startTool } from "../hiring/ui.js";

export function mount(root, { signal, setup }) {
  const { runtime, id } = startTool(root, "jd-templates", signal);
  const error = errorBox();
  const loading = el("p", { className: "kit-help" }, "The templates appear when the evaluator has started.");
  root.append(loading, error);

  // The build writes the pickers' options (scripts/hooks/tools.py): they need no Python.
  (setup ? Promise.resolve(setup) : runtime.call("jd_options", {})).then((options) => {
    if (signal.aborted) return;
    loading.remove();
    const opts = options.form;
    const role = select(opts.roles, "platform");
    const level = select(opts.levels, "senior");
    const where = select(opts.locations, opts.defaults.location);
    const pickers = el("div", { className: "kit-form kit-template-pickers" },
      field("Role type", role).field, field("Level", level).field, field("Location", where).field);
    const summary = el("p", { role: "status", "aria-live": "polite", className: "kit-builder__summary" });
    const output = el("div", { id: `${id}-result` });
    root.append(pickers, error, summary, output);

    let current = null;
    let request = 0;
    const display = (result) => {
      current = result;
      output.replaceChildren(
        exportBar(() => current.markdown, () => current.filename, { signal, what: "template" }),
        el("div", { className: "kit-advert-layout" }, renderAdvert(current), renderNotes(current)));
      summary.textContent = `Showing the template: ${current.title}, ${current.location}.`;
    };
    const show = async () => {
      const mine = ++request;
      error.hidden = true;
      try {
        const result = await runtime.call("jd_template", { role: role.value, level: level.value, location: where.value });
        if (mine !== request) return; // a later choice is already on its way
        display(result);
      } catch (err) {
        showError(error, err, "Could not show the template");
      }
    };
    for (const control of [role, level, where]) control.addEventListener("change", show, { signal });
    // The build wrote the advert the pickers start on (scripts/hooks/tools.py): shown without Python.
    const first = options.first;
    if (first && first.for.role === role.value && first.for.level === level.value && first.for.location === where.value) display(first.result);
    else show();
  }, (err) => {
    loading.remove();
    showError(error, err, "Could not load the templates");
  });
}
