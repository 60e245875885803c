// The page side of the evaluator: a promise API over one Web Worker per package set.
//
//   const runtime = runtimeFor(["numpy"]);
//   runtime.addEventListener("progress", (e) => ...);   // boot progress; e.detail: {stage, message, ms}
//   const value = await runtime.call("summarize", { values: [1, 2, 3] });
//   const report = await runtime.call("drift_report", { reference, current }, {
//     transfer: [reference.buffer, current.buffer],       // file bytes move, not copied
//     onProgress: ({ stage, done, total }) => ...,        // for api functions that report progress
//   });
//   runtime.stop();                                      // terminate and boot a fresh worker
//
// A failed call rejects with an EvaluatorError carrying {kind, message, detail}.

const SITE_ROOT = new URL("../../../", import.meta.url);
const WORKER_URL = new URL("worker.js", import.meta.url);
const STAGES = ["core", "packages", "evaluator"];

export class EvaluatorError extends Error {
  constructor({ kind, message, detail }) {
    super(message);
    this.name = "EvaluatorError";
    this.kind = kind;
    this.detail = detail || "";
  }
}

let manifestPromise = null;
function manifest() {
  // no-cache: the wheel's address changes with every change to evaluator/.
  manifestPromise ??= fetch(new URL("runtime/manifest.json", SITE_ROOT), { cache: "no-cache" }).then((r) => {
    if (!r.ok) throw new EvaluatorError({ kind: "boot", message: `runtime/manifest.json: HTTP ${r.status}` });
    return r.json();
  });
  // A failed fetch is forgotten, so the next start (Stop, or a retry) asks again.
  manifestPromise.catch(() => {
    manifestPromise = null;
  });
  return manifestPromise;
}

// Python starts once the page has settled: loaded (its styles, scripts and images), then idle for
// a moment (the theme finishes its own start-up after `load`). Compiling Python's WebAssembly
// earlier competes for the CPU with the page's first paint and makes the page slow to answer a tap.
// It starts sooner if the reader touches, clicks or types anywhere on the page (they are about to
// use the tool), and at once when a tool asks for a result (call()).
const SETTLE_MS = 1500;

function idle(timeout) {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === "function") requestIdleCallback(() => resolve(), { timeout });
    else setTimeout(resolve, 50);
  });
}

function whenPageSettled() {
  const loaded = document.readyState === "complete"
    ? Promise.resolve()
    : new Promise((resolve) => window.addEventListener("load", () => resolve(), { once: true }));
  const settled = loaded
    .then(() => idle(2000))
    .then(() => new Promise((resolve) => setTimeout(resolve, SETTLE_MS)))
    .then(() => idle(2000));
  const touched = new Promise((resolve) => {
    const options = { once: true, passive: true, capture: true };
    for (const type of ["pointerdown", "keydown", "focusin"]) window.addEventListener(type, () => resolve(), options);
  });
  return Promise.race([settled, touched]);
}

export class PythonRuntime extends EventTarget {
  constructor(packages = []) {
    super();
    this.packages = [...packages].sort();
    this.stages = this.packages.length ? STAGES : STAGES.filter((s) => s !== "packages");
    this.state = "idle";
    this.environment = null;
    this._pending = new Map();
    this._nextId = 1;
    this._worker = null;
    this.ready = null;
    this.start();
  }

  start() {
    this.state = "booting";
    this.environment = null;
    this._worker = null;
    const token = (this._startToken = {});
    this.ready = new Promise((resolve, reject) => {
      this._settleBoot = { resolve, reject };
    });
    this.ready.catch(() => {}); // a failed boot is reported through events and call()
    this._emit("progress", { stage: "start", message: "Getting the calculations ready in your browser", ms: 0 });
    // The worker starts once the page has settled (whenPageSettled), or at the first call if that
    // comes sooner. The forms are usable meanwhile; a call waits for `ready`.
    whenPageSettled().then(() => {
      if (this._startToken === token) this._startWorkerOnce();
    });
  }

  _startWorkerOnce() {
    if (this.state === "booting" && !this._worker) this._startWorker();
  }

  /** Start now rather than when the page has settled (a page whose purpose is the runtime itself). */
  boot() {
    this._startWorkerOnce();
  }

  _startWorker() {
    const worker = new Worker(WORKER_URL);
    this._worker = worker;
    worker.onmessage = (event) => this._onMessage(worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this._fail(worker, { kind: "worker", message: event.message || "The evaluator's worker stopped with an error." });
    };
    manifest().then(
      (m) => {
        if (worker !== this._worker) return;
        worker.postMessage({
          type: "boot",
          pyodideURL: new URL(`runtime/${m.pyodide}`, SITE_ROOT).href,
          wheelURL: new URL(`runtime/${m.wheel}`, SITE_ROOT).href,
          wheelIntegrity: m.wheel_integrity,
          packages: this.packages,
        });
      },
      (err) => this._fail(worker, { kind: "boot", message: `Could not read the runtime manifest: ${err.message}` }),
    );
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  _fail(worker, error) {
    if (worker !== this._worker) return;
    this.state = "failed";
    this._settleBoot.reject(new EvaluatorError(error));
    for (const { reject } of this._pending.values()) reject(new EvaluatorError(error));
    this._pending.clear();
    this._emit("failed", error);
  }

  _onMessage(worker, msg) {
    if (worker !== this._worker) return; // a message from a worker that was stopped
    if (msg.type === "progress") {
      this._emit("progress", msg);
    } else if (msg.type === "ready") {
      this.state = "ready";
      this.environment = msg.environment;
      this.bootMs = msg.ms;
      this._settleBoot.resolve(this);
      this._emit("ready", msg);
    } else if (msg.type === "failed") {
      this._fail(worker, msg.error);
    } else if (msg.type === "call-progress") {
      this._pending.get(msg.id)?.onProgress?.({ stage: msg.stage, done: msg.done, total: msg.total });
    } else if (msg.type === "result") {
      const pending = this._pending.get(msg.id);
      if (!pending) return;
      this._pending.delete(msg.id);
      if (this._pending.size === 0) this._emit("idle", {});
      if (msg.ok) pending.resolve(msg.result);
      else pending.reject(new EvaluatorError(msg.error));
    }
  }

  /**
   * Call evaluator.api.<fn>(**args). Binary inputs (file bytes) go as Uint8Array buffers in
   * `transfer`. `onProgress({stage, done, total})` hears from api functions that take a
   * `progress` keyword (at most every 50 ms, and always at the end of a stage).
   */
  async call(fn, args = {}, { transfer = [], onProgress = null } = {}) {
    this._startWorkerOnce(); // asked for a result: no reason to wait for the page to settle
    await this.ready;
    const worker = this._worker;
    const id = this._nextId++;
    const result = new Promise((resolve, reject) => this._pending.set(id, { resolve, reject, onProgress }));
    this._emit("busy", { fn });
    worker.postMessage({ type: "call", id, fn, args, progress: Boolean(onProgress) }, transfer);
    return result;
  }

  /** Terminate the worker (a long computation ends at once) and boot a fresh one. */
  stop() {
    const stopped = { kind: "stopped", message: "Stopped. The evaluator is restarting; your inputs are kept." };
    this._worker?.terminate();
    for (const { reject } of this._pending.values()) reject(new EvaluatorError(stopped));
    this._pending.clear();
    this._settleBoot?.reject(new EvaluatorError(stopped));
    this._emit("stopped", stopped);
    this.start();
  }

  dispose() {
    this._worker?.terminate();
    this._worker = null;
    this.state = "disposed";
  }
}

// One runtime per package set, kept for the whole visit: navigating away and back (Material's
// instant navigation keeps this module alive) finds it already booted.
const pool = new Map();
export function runtimeFor(packages = []) {
  const key = [...packages].sort().join(",");
  if (!pool.has(key) || pool.get(key).state === "disposed") pool.set(key, new PythonRuntime(packages));
  return pool.get(key);
}
