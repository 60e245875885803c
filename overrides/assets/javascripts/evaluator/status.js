// The runtime's status line for a tool: progress in a live region, a progress bar and a Stop button.

const LABELS = { start: "Starting", core: "Python runtime", packages: "numeric libraries", evaluator: "evaluator" };

export function mountRuntimeStatus(container, runtime, { signal } = {}) {
  const box = document.createElement("div");
  box.className = "kit-runtime";
  const text = document.createElement("p");
  text.className = "kit-runtime__text";
  text.setAttribute("role", "status");
  text.setAttribute("aria-live", "polite");
  const bar = document.createElement("progress");
  bar.className = "kit-runtime__bar";
  bar.max = runtime.stages.length;
  bar.setAttribute("aria-label", "Evaluator loading progress");
  const stop = document.createElement("button");
  stop.type = "button";
  stop.className = "md-button kit-runtime__stop";
  stop.textContent = "Stop";
  stop.setAttribute("aria-label", "Stop the evaluator and restart it");
  box.append(text, bar, stop);
  container.append(box);

  const show = (message, { done = false, step = 0, canStop = true, state = "busy" } = {}) => {
    text.textContent = message;
    box.dataset.state = state;
    bar.hidden = done;
    bar.value = step;
    stop.disabled = !canStop;
  };

  const onProgress = (e) => {
    const index = runtime.stages.indexOf(e.detail.stage);
    const step = index + 1;
    const of = runtime.stages.length;
    const label = index >= 0 ? `${e.detail.message} (step ${step} of ${of})` : e.detail.message;
    show(`${label}…`, { step: Math.max(index, 0) });
  };
  const onReady = () => {
    const env = runtime.environment || {};
    const libs = Object.entries(env.libraries || {}).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`);
    const seconds = ((runtime.bootMs ?? 0) / 1000).toFixed(1);
    show(`Evaluator ready: Python ${env.python}${libs.length ? ", " + libs.join(", ") : ""} (loaded in ${seconds} s).`, {
      done: true, canStop: false, state: "ready",
    });
  };
  const onBusy = () => show("Working… (Stop ends the computation)", { done: true, canStop: true, state: "busy" });
  const onIdle = onReady;
  const onFailed = (e) => show(`The evaluator could not start: ${e.detail.message}`, { done: true, canStop: true, state: "failed" });
  const onStopped = () => show("Stopped. Restarting the evaluator…", { step: 0 });

  const events = { progress: onProgress, ready: onReady, busy: onBusy, idle: onIdle, failed: onFailed, stopped: onStopped };
  for (const [type, fn] of Object.entries(events)) runtime.addEventListener(type, fn, { signal });
  stop.addEventListener("click", () => runtime.stop(), { signal });

  if (runtime.state === "ready") onReady();
  else if (runtime.state === "failed") show("The evaluator could not start. Press Stop to try again.", { done: true, state: "failed" });
  else show("Starting the evaluator…", { step: 0 });
  return box;
}
