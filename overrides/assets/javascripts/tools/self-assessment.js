// The candidate self-assessment: one area at a time, answers kept in this browser's storage, the
// result computed by the evaluator (pure Python, in a worker) and shown only at the end.
//
// Views: "start" (begin, resume, or load an export), "questions", "result", and "refused" (saved
// answers belong to another version of the questions: the candidate chooses what to do).
import { runtimeFor } from "../evaluator/client.js";
import { mountRuntimeStatus } from "../evaluator/status.js";
import { download } from "./save.js";
import { h } from "./self-assessment/dom.js";
import { areaQuestions } from "./self-assessment/questions.js";
import { renderResult } from "./self-assessment/result.js";
import { deleteSaved, readSaved, writeSaved } from "./self-assessment/storage.js";

const SITE_ROOT = new URL("../../../", import.meta.url);
let mounted = 0;

export function mount(el, { signal, setup }) {
  const runtime = runtimeFor([]);
  const uid = `assessment-${++mounted}`;
  el.replaceChildren();
  el.classList.add("kit-tool", "kit-assessment");
  mountRuntimeStatus(el, runtime, { signal });

  const status = h("p", { className: "kit-assessment__status", role: "status", "aria-live": "polite" });
  const notices = h("div", { className: "kit-assessment__notices", "aria-live": "polite" });
  const error = h("div", { className: "kit-error", role: "alert", hidden: true });
  const view = h("div", { className: "kit-assessment__view" });
  const manage = h("div", { className: "kit-assessment__manage" });
  el.append(status, notices, error, view, manage);

  const app = { bank: null, answers: {}, seed: null, area: 0, saveBlocked: false };
  const listen = (node, type, fn) => node.addEventListener(type, fn, { signal });
  const call = (fn, args) => runtime.call(fn, args);

  function showError(err, doing) {
    error.hidden = false;
    error.textContent = err?.kind === "stopped" ? err.message : `Could not ${doing}: ${err?.message ?? err}`;
  }

  function showNotices(problems, { alert = false } = {}) {
    notices.replaceChildren();
    if (!problems?.length) return;
    const list = h("ul", {}, problems.map((p) => h("li", {}, p)));
    const close = h("button", { type: "button", className: "md-button kit-assessment__dismiss" }, "Dismiss");
    listen(close, "click", () => notices.replaceChildren());
    notices.append(h("div", { className: alert ? "kit-error" : "kit-notice", role: alert ? "alert" : null }, list, close));
  }

  const answeredCount = () => {
    const choice = app.bank.areas.flatMap((a) => a.questions).filter((q) => q.kind !== "evidence");
    return [choice.filter((q) => q.id in app.answers).length, choice.length];
  };

  function save(viewName) {
    if (app.saveBlocked) return;
    const problem = writeSaved({ ...app.bank.state, seed: app.seed, answers: app.answers, area: app.area, view: viewName });
    if (problem) showNotices([problem], { alert: true });
  }

  // ------------------------------------------------------------------ managing saved answers

  function renderManage() {
    const fileId = `${uid}-import`;
    const input = h("input", { type: "file", id: fileId, accept: ".json,application/json", className: "kit-assessment__file" });
    listen(input, "change", () => importFile(input));
    const del = h("button", { type: "button", className: "md-button" }, "Delete my answers");
    const confirm = h(
      "div",
      { className: "kit-assessment__confirm", hidden: true, role: "group", "aria-label": "Confirm deletion" },
      h("p", {}, "This deletes every answer this page saved in this browser. It cannot be undone; export first if you want a copy."),
    );
    const yes = h("button", { type: "button", className: "md-button md-button--primary" }, "Yes, delete my answers");
    const no = h("button", { type: "button", className: "md-button" }, "Keep them");
    confirm.append(yes, no);
    listen(del, "click", () => {
      confirm.hidden = false;
      no.focus();
    });
    listen(no, "click", () => {
      confirm.hidden = true;
      del.focus();
    });
    listen(yes, "click", () => deleteAll());
    manage.replaceChildren(
      h("h2", { className: "kit-visually-hidden" }, "Your saved answers"),
      h("div", { className: "kit-assessment__import" }, h("label", { for: fileId }, "Load answers from a JSON export of this page"), input),
      del,
      confirm,
    );
  }

  async function deleteAll() {
    deleteSaved();
    app.saveBlocked = false;
    app.answers = {};
    app.area = 0;
    showNotices([]);
    error.hidden = true;
    try {
      app.bank = await call("assessment_bank", { seed: null });
      app.seed = app.bank.seed;
    } catch (err) {
      showError(err, "load the questions");
      return;
    }
    status.textContent = "Your answers were deleted from this browser.";
    renderStart();
    // the confirmation and its buttons are gone: put focus on the start button, not the page's top
    view.querySelector(".kit-assessment__start .md-button--primary")?.focus();
  }

  async function importFile(input) {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    error.hidden = true;
    try {
      const text = await file.text();
      const restored = await call("assessment_restore", { saved: text, source: "file" });
      if (restored.refused) {
        showNotices([...restored.problems, "Nothing was changed: the answers you had on this page are still here."], { alert: true });
        return;
      }
      app.bank = await call("assessment_bank", { seed: restored.seed ?? app.seed });
      app.seed = app.bank.seed;
      app.answers = restored.answers;
      app.area = 0;
      app.saveBlocked = false;
      save("start");
      showNotices([`Loaded ${Object.keys(restored.answers).length} answers from ${file.name}.`, ...restored.problems], { alert: Boolean(restored.edited) });
      renderStart();
    } catch (err) {
      showError(err, `load ${file.name}`);
    }
  }

  // ------------------------------------------------------------------------------ the views

  function renderRefused(saved, restored) {
    app.saveBlocked = true;
    const keep = h("button", { type: "button", className: "md-button" }, "Download the old answers");
    const fresh = h("button", { type: "button", className: "md-button md-button--primary" }, "Delete them and start again");
    listen(keep, "click", () => download(saved, "mlops-self-assessment-old-answers.json", "application/json"));
    listen(fresh, "click", () => deleteAll());
    view.replaceChildren(
      h(
        "div",
        { className: "kit-error", role: "alert", "data-view": "refused" },
        h("h2", {}, restored.reason === "other-version" ? "Your saved answers belong to another version of the questions" : "Your saved answers could not be read"),
        restored.problems.map((p) => h("p", {}, p)),
        h("p", {}, "They are still in this browser, untouched. Download them to keep a copy, or delete them to start again."),
        h("div", { className: "kit-assessment__actions" }, keep, fresh),
      ),
    );
    manage.replaceChildren();
  }

  // Without saved answers, the start screen is drawn from the build's counts (`setup`) at once and
  // the questions load from Python in the background; Start waits for them if they are not there yet.
  let bankLoading = null;
  function loadFreshBank() {
    bankLoading ??= call("assessment_bank", { seed: null }).then((bank) => {
      if (app.bank) return; // loaded meanwhile with an import's order: keep that one
      app.bank = bank;
      app.seed = bank.seed;
    });
    bankLoading.catch(() => {
      bankLoading = null;
    });
    return bankLoading;
  }

  async function startWhenLoaded(button) {
    if (button.getAttribute("aria-disabled") === "true") return; // already waiting for the questions
    if (!app.bank) {
      // Not `disabled`: that would take the keyboard focus off the button.
      button.setAttribute("aria-disabled", "true");
      status.textContent = "Loading the questions (the first time takes a few seconds)…";
      try {
        await loadFreshBank();
      } catch (err) {
        showError(err, "load the questions");
        return;
      } finally {
        button.removeAttribute("aria-disabled");
        status.textContent = "";
      }
    }
    showArea(0);
  }

  function renderStart() {
    el.dataset.view = "start";
    const [done, of] = app.bank ? answeredCount() : [0, setup.questions];
    const areas = app.bank ? app.bank.areas.length : setup.areas;
    const begin = h("button", { type: "button", className: "md-button md-button--primary" }, done ? "Continue where you left off" : "Start the assessment");
    listen(begin, "click", () => (done ? showArea(app.area) : startWhenLoaded(begin)));
    const actions = [begin];
    if (done) {
      const result = h("button", { type: "button", className: "md-button" }, "See my result");
      listen(result, "click", () => showResult());
      actions.push(result);
    }
    view.replaceChildren(
      h(
        "div",
        { className: "kit-assessment__start", "data-view": "start" },
        h(
          "p",
          {},
          done
            ? `You have answered ${done} of ${of} questions. Your answers are saved in this browser only.`
            : `${of} questions in ${areas} areas. Stop whenever you like and come back: your answers stay in this browser.`,
        ),
        h("div", { className: "kit-assessment__actions" }, actions),
      ),
    );
    renderManage();
  }

  function showArea(index) {
    app.area = Math.max(0, Math.min(index, app.bank.areas.length - 1));
    el.dataset.view = "questions";
    const area = app.bank.areas[app.area];
    const count = app.bank.areas.length;
    const headingId = `${uid}-area`;
    const progressText = h("p", { className: "kit-assessment__progress-text", id: `${uid}-progress` });
    const progress = h("progress", { max: count, value: app.area + 1, "aria-labelledby": `${uid}-progress` });
    const steps = h(
      "ol",
      { className: "kit-assessment__steps" },
      app.bank.areas.map((a, i) => {
        const button = h("button", { type: "button", className: "kit-assessment__step", "aria-current": i === app.area ? "step" : null }, `${a.short}`);
        listen(button, "click", () => showArea(i));
        return h("li", {}, button);
      }),
    );
    const updateProgress = () => {
      const [done, of] = answeredCount();
      progressText.textContent = `Area ${app.area + 1} of ${count} · ${done} of ${of} questions answered`;
    };
    const onAnswer = (id, value) => {
      if (typeof value === "string" && value.trim() === "" && area.questions.find((q) => q.id === id)?.kind === "evidence") delete app.answers[id];
      else app.answers[id] = value;
      save("questions");
      updateProgress();
    };
    const previous = h("button", { type: "button", className: "md-button", disabled: app.area === 0 }, "Previous area");
    const last = app.area === count - 1;
    const next = h("button", { type: "button", className: "md-button md-button--primary" }, last ? "See my result" : "Next area");
    listen(previous, "click", () => showArea(app.area - 1));
    listen(next, "click", () => (last ? showResult() : showArea(app.area + 1)));
    updateProgress();
    view.replaceChildren(
      h(
        "div",
        { className: "kit-assessment__questions", "data-view": "questions", "data-area": area.id },
        h("div", { className: "kit-assessment__progress" }, progressText, progress),
        h("nav", { "aria-label": "Areas of the assessment" }, steps),
        h("h2", { id: headingId, tabIndex: -1 }, `${area.title}`),
        h("p", { className: "kit-assessment__area-note" }, area.required ? "A required skill for every MLOps hire." : "A skill that depends on the team; answer as far as it applies to you."),
        areaQuestions(area, app.answers, uid, onAnswer),
        h("div", { className: "kit-assessment__actions" }, previous, next),
      ),
    );
    save("questions");
    status.textContent = `${area.title}: area ${app.area + 1} of ${count}.`;
    document.getElementById(headingId)?.focus();
  }

  async function showResult() {
    error.hidden = true;
    status.textContent = "Scoring your answers…";
    let result;
    try {
      result = await call("assessment_score", { answers: app.answers, seed: app.seed, bank_version: app.bank.version, bank_hash: app.bank.hash });
    } catch (err) {
      status.textContent = "";
      showError(err, "score your answers");
      return;
    }
    el.dataset.view = "result";
    save("result");
    const headingId = `${uid}-result`;
    const exportAs = async (format) => {
      try {
        const files = await call("assessment_export", { answers: app.answers, seed: app.seed, site_url: SITE_ROOT.href });
        if (format === "json") download(files.json, `${files.filename}.json`, "application/json");
        else download(files.markdown, `${files.filename}.md`, "text/markdown");
        status.textContent = `Downloaded ${files.filename}.${format === "json" ? "json" : "md"}.`;
      } catch (err) {
        showError(err, "export your result");
      }
    };
    const json = h("button", { type: "button", className: "md-button md-button--primary" }, "Download JSON");
    const md = h("button", { type: "button", className: "md-button" }, "Download Markdown");
    const print = h("button", { type: "button", className: "md-button" }, "Print");
    const edit = h("button", { type: "button", className: "md-button" }, "Change my answers");
    listen(json, "click", () => exportAs("json"));
    listen(md, "click", () => exportAs("markdown"));
    listen(print, "click", () => window.print());
    listen(edit, "click", () => showArea(0));
    const actions = h("div", { className: "kit-assessment__actions kit-no-print" }, json, md, print, edit);
    view.replaceChildren(h("div", { className: "kit-result", "data-view": "result" }, renderResult(result, app.bank, SITE_ROOT, headingId, actions)));
    renderManage();
    status.textContent = `Your result is ready: floor ${result.floor.score}, mean ${result.mean}, level estimate ${result.level.label}.`;
    document.getElementById(headingId)?.focus();
  }

  // ------------------------------------------------------------------------------- start up

  async function boot() {
    const saved = readSaved();
    if (saved === null && setup) {
      app.answers = {};
      app.area = 0;
      renderStart();
      // Fetched once Python has started (after the page has loaded), not before: see client.js.
      runtime.ready.then(() => loadFreshBank()).catch(() => {});
      return;
    }
    view.replaceChildren(h("p", { className: "kit-assessment__loading" }, "Loading the questions…"));
    let state = null;
    try {
      if (saved !== null) {
        const restored = await call("assessment_restore", { saved, source: "saved" });
        if (restored.refused) {
          app.bank = await call("assessment_bank", { seed: null });
          app.seed = app.bank.seed;
          renderRefused(saved, restored);
          return;
        }
        state = restored;
        showNotices(restored.problems, { alert: restored.problems.length > 0 });
      }
      app.bank = await call("assessment_bank", { seed: state?.seed ?? null });
    } catch (err) {
      view.replaceChildren();
      showError(err, "load the questions");
      return;
    }
    app.seed = app.bank.seed;
    app.answers = state?.answers ?? {};
    let position = { area: 0, view: "start" };
    try {
      const parsed = JSON.parse(saved);
      position = { area: Number.isInteger(parsed.area) ? parsed.area : 0, view: parsed.view };
    } catch {
      // damaged saved text: start from the first area
    }
    app.area = Math.max(0, Math.min(position.area, app.bank.areas.length - 1));
    if (state && position.view === "result") await showResult();
    else renderStart();
  }

  boot();
}
