// One area's questions as native form controls: a fieldset and radio buttons per question (so the
// arrow keys move between options and screen readers announce the group), a labelled text box
// for evidence. Nothing here knows which answer is right.
import { h } from "./dom.js";

function table({ caption, header, rows, total }) {
  const head = h("thead", {}, h("tr", {}, header.map((text, i) => h("th", { scope: "col", className: i ? "kit-num" : "" }, text))));
  const body = h("tbody", {}, rows.map((row) => h("tr", {}, row.map((cell, i) => (i ? h("td", { className: "kit-num" }, cell) : h("th", { scope: "row" }, cell))))));
  const foot = total ? h("tfoot", {}, h("tr", {}, total.map((cell, i) => (i ? h("td", { className: "kit-num" }, cell) : h("th", { scope: "row" }, cell))))) : null;
  return h("table", { className: "kit-q__table" }, h("caption", {}, caption), head, body, foot);
}

function choice(question, number, of, uid, answer, onAnswer) {
  const name = `${uid}-${question.id}`;
  const options = question.options.map((option, i) => {
    const id = `${name}-${i}`;
    const input = h("input", { type: "radio", name, id, value: option.id, checked: answer === option.id });
    input.addEventListener("change", () => onAnswer(question.id, option.id));
    const label =
      question.kind === "scope"
        ? h("label", { for: id }, h("span", { className: "kit-q__step" }, `${option.id} · ${option.step}`), h("span", { className: "kit-q__anchor" }, option.text))
        : h("label", { for: id }, option.text);
    return h("div", { className: "kit-q__option" }, input, label);
  });
  const hint = question.kind === "scope" ? h("p", { className: "kit-q__hint" }, "Pick the statement that describes the widest reach you have had yourself.") : null;
  return h(
    "fieldset",
    { className: `kit-q kit-q--${question.kind}`, id: `${name}-q`, "data-question": question.id },
    h("legend", {}, h("span", { className: "kit-q__number" }, `Question ${number} of ${of}. `), question.prompt),
    hint,
    (question.tables || []).map(table),
    h("div", { className: "kit-q__options" }, options),
  );
}

function evidence(question, uid, answer, onAnswer) {
  const id = `${uid}-${question.id}`;
  const hintId = `${id}-hint`;
  const count = h("span", { className: "kit-q__count" });
  const box = h("textarea", { id, rows: 5, maxLength: question.max_chars, value: answer || "", "aria-describedby": hintId, "data-question": question.id });
  const showCount = () => {
    count.textContent = `${box.value.length} of ${question.max_chars} characters`;
  };
  showCount();
  box.addEventListener("input", () => {
    showCount();
    onAnswer(question.id, box.value);
  });
  return h(
    "div",
    { className: "kit-q kit-q--evidence" },
    h("label", { for: id }, question.prompt),
    h("p", { className: "kit-q__hint", id: hintId }, "Optional and never scored: your own words go into the export for an interviewer to read. ", count),
    box,
  );
}

/** The questions of one area, numbered within it. */
export function areaQuestions(area, answers, uid, onAnswer) {
  const choices = area.questions.filter((q) => q.kind !== "evidence");
  let number = 0;
  return area.questions.map((q) =>
    q.kind === "evidence" ? evidence(q, uid, answers[q.id], onAnswer) : choice(q, ++number, choices.length, uid, answers[q.id], onAnswer),
  );
}
