// The runtime's status line for a tool: progress in a live region, a progress bar and a Stop button.
// It speaks to a hiring manager, not a developer: what is loading and that they need not wait for
// it; the versions are on the page's data-environment (and on the runtime check page).

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
  bar.setAttribute("aria-label", "Loading progress");
  const stop = document.createElement("button");
  stop.type = "button";
  stop.className = "md-button kit-runtime__stop";
  stop.textContent = "Stop";
  stop.setAttribute("aria-label", "Stop the calculation and start again");
  box.append(text, bar, stop);
  container.append(box);

  const show = (message, { done = false, step = 0, canStop = true, state = "busy" } = {}) => {
    text.textContent = message;
    box.dataset.state = state;
    bar.classList.toggle("kit-runtime__bar--done", done); // hidden, its space kept: nothing moves
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
    box.dataset.environment = [`Python ${env.python}`, ...libs].join(", ");
    const seconds = ((runtime.bootMs ?? 0) / 1000).toFixed(1);
    box.dataset.seconds = seconds;
    box.title = `Loaded in ${seconds} s: ${box.dataset.environment}`;
    show("Ready. It all runs in this browser; nothing you enter leaves it.", {
      done: true, canStop: false, state: "ready",
    });
  };
  const onBusy = () => show("Working… (Stop ends it)", { done: true, canStop: true, state: "busy" });
  const onIdle = onReady;
  const onFailed = (e) => show(`The calculations could not start: ${e.detail.message}`, { done: true, canStop: true, state: "failed" });
  const onStopped = () => show("Stopped. Getting the calculations ready again…", { step: 0 });

  const events = { progress: onProgress, ready: onReady, busy: onBusy, idle: onIdle, failed: onFailed, stopped: onStopped };
  for (const [type, fn] of Object.entries(events)) runtime.addEventListener(type, fn, { signal });
  stop.addEventListener("click", () => runtime.stop(), { signal });

  if (runtime.state === "ready") onReady();
  else if (runtime.state === "failed") show("The calculations could not start. Press Stop to try again.", { done: true, state: "failed" });
  else show("Getting the calculations ready in your browser…", { step: 0 });
  return box;
}
