// Team helper: the guide's nine criteria as questions (evaluator.api.team_options); the answers
// weighed into a recommendation with its reasons and, for a team, the first split
// (evaluator.api.team_recommend). Python decides; this file asks and shows.
import { el, errorBox, field, select, showError, startTool } from "../hiring/ui.js";

export function mount(root, { signal, setup }) {
  const { runtime, id } = startTool(root, "team-helper", signal);
  const error = errorBox();
  const loading = el("p", { className: "kit-help" }, "The questions appear when the evaluator has started.");
  root.append(loading, error);

  // The build writes the questions (scripts/hooks/tools.py): they need no Python.
  (setup ? Promise.resolve(setup) : runtime.call("team_options", {})).then((options) => {
    if (signal.aborted) return;
    loading.remove();
    const controls = {};
    const fields = options.questions.map((q) => {
      let control;
      if (q.kind === "number") {
        control = el("input", { type: "number", min: 0, max: q.maximum ?? undefined, step: 1, inputMode: "numeric" });
        controls[q.id] = control;
        return field(q.question, control, `Team side from ${q.team_from}${q.unit === "%" ? "%" : ` ${q.unit}`}. Leave blank if you are not sure.`).field;
      }
      control = select([{ id: "", label: "Not sure" }, ...q.options], "");
      controls[q.id] = control;
      return field(q.question, control).field;
    });
    const submit = el("button", { type: "submit", className: "md-button md-button--primary" }, "Recommend");
    const form = el("form", { className: "kit-form kit-team", noValidate: true },
      el("fieldset", { className: "kit-fieldset" }, el("legend", {}, "Your ML team today"), ...fields),
      el("div", { className: "kit-actions" }, submit));
    const output = el("div", { className: "kit-team__result", role: "status", "aria-live": "polite", id: `${id}-result` });
    root.append(form, error, output);

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.hidden = true;
      submit.disabled = true;
      const answers = Object.fromEntries(Object.entries(controls)
        .filter(([, c]) => c.value.trim() !== "").map(([k, c]) => [k, c.value]));
      try {
        const result = await runtime.call("team_recommend", { answers });
        output.replaceChildren(...render(result));
      } catch (err) {
        output.replaceChildren();
        showError(error, err, "Could not make a recommendation");
      } finally {
        submit.disabled = false;
      }
    }, { signal });
  }, (err) => {
    loading.remove();
    showError(error, err, "Could not load the questions");
  });
}

function render(result) {
  const parts = [
    el("h3", { className: `kit-team__verdict kit-team__verdict--${result.verdict}` }, result.headline),
    el("p", {}, result.summary),
    el("h4", {}, result.verdict === "generalist" ? "What points to one generalist" : "What points to a team"),
    el("ul", {}, result.reasons.map((r) => el("li", {}, r))),
  ];
  if (result.first_split.length) {
    parts.push(el("h4", {}, "The typical first split"));
    parts.push(el("ol", {}, result.first_split.map((hire) => el("li", {},
      el("strong", {}, `${hire.role} (${hire.level === "mid" ? "mid-level" : hire.level}): `), `${hire.owns} ${hire.why} `,
      el("a", { href: `../jd-builder/?role=${encodeURIComponent(hire.jd_role)}&level=${encodeURIComponent(hire.level)}` }, "Build this advert")))));
  }
  if (result.notes.length) parts.push(el("ul", { className: "kit-team__notes" }, result.notes.map((n) => el("li", {}, n))));
  const open = result.rows.filter((r) => r.side === null).map((r) => r.label);
  if (open.length) parts.push(el("p", { className: "kit-help" }, `Not answered: ${open.join(", ")}.`));
  return parts;
}
