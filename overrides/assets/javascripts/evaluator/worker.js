// The evaluator's Web Worker: boots Pyodide from this site, loads the page's packages and the
// evaluator wheel, then answers {id, fn, args} with {id, ok, result} or {id, ok: false, error}.
// Bytes in a result (a file to download) arrive as Uint8Array, transferred to the page.
// It reports boot progress as {type: "progress", stage, message} and a call's own progress as
// {type: "call-progress", id, stage, done, total}; it never computes anything itself.
"use strict";

let dispatcher = null; // evaluator.dispatch, once loaded

const started = performance.now();
const elapsed = () => Math.round(performance.now() - started);

function progress(stage, message) {
  self.postMessage({ type: "progress", stage, message, ms: elapsed() });
}

// Pyodide's errors carry its own frames (pyodide.asm.js, _pyodide/...); the reader needs the
// Python part and the last line. The evaluator trims Python frames itself (evaluator/dispatch.py).
function trimError(err) {
  const text = String((err && err.message) || err);
  const lines = text.split("\n").filter(
    (line) => !/\/_pyodide\/|pyodide\.asm\.js|\/lib\/python3\d+\.zip\/_pyodide|^\s+at /.test(line),
  );
  return lines.join("\n").trim();
}

// The evaluator is a pure-Python wheel (a zip): unpacking it into site-packages is all that
// installing it takes. pyodide.loadPackage() would do the same but first imports Pyodide's package
// machinery, which costs about 250 ms on a page that needs no other package.
const INSTALL_WHEEL = `
import sysconfig, zipfile
with zipfile.ZipFile("/tmp/evaluator.whl") as wheel:
    wheel.extractall(sysconfig.get_paths()["purelib"])
`;

async function installWheel(pyodide, url, integrity) {
  const response = await fetch(url, { integrity }); // the browser checks the sha256 from the manifest
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  pyodide.FS.writeFile("/tmp/evaluator.whl", new Uint8Array(await response.arrayBuffer()));
  pyodide.runPython(INSTALL_WHEEL);
  pyodide.FS.unlink("/tmp/evaluator.whl");
}

async function boot({ pyodideURL, wheelURL, wheelIntegrity, packages }) {
  try {
    progress("core", "Loading the calculator that runs in your browser");
    self.importScripts(pyodideURL + "pyodide.js");
    const pyodide = await self.loadPyodide({ indexURL: pyodideURL, fullStdLib: false });
    if (packages.length) {
      // numpy and scipy: the statistics the drift tools need (tens of MB, once per visit).
      progress("packages", "Loading the statistics libraries");
      await pyodide.loadPackage(packages, { messageCallback: () => {}, checkIntegrity: true });
    }
    progress("evaluator", "Loading the kit's own calculations");
    await installWheel(pyodide, wheelURL, wheelIntegrity);
    dispatcher = pyodide.pyimport("evaluator.dispatch");
    const environment = JSON.parse(dispatcher.call_json("environment"));
    self.postMessage({ type: "ready", ms: elapsed(), environment: environment.result });
  } catch (err) {
    self.postMessage({ type: "failed", error: { kind: "boot", message: trimError(err) } });
  }
}

// A progress callback for one call: Python calls it often; the page hears at most every 50 ms,
// and always when a stage is done, so a bar moves without flooding the page with messages.
function progressReporter(id) {
  let last = 0;
  return (stage, done, total) => {
    const now = performance.now();
    if (done < total && now - last < 50) return;
    last = now;
    self.postMessage({ type: "call-progress", id, stage, done, total });
  };
}

function call({ id, fn, args, progress }) {
  if (!dispatcher) {
    self.postMessage({ type: "result", id, ok: false, error: { kind: "not-ready", message: "The runtime has not finished loading." } });
    return;
  }
  let reply;
  let blobs = [];
  try {
    const parts = dispatcher.call_parts(fn, args ?? {}, progress ? progressReporter(id) : null);
    const [text, bytes] = parts.toJs(); // bytes: Python bytes become Uint8Array copies
    parts.destroy();
    blobs = bytes;
    // {"$bytes": i} stands for the i-th file's bytes (evaluator/dispatch.py, call_parts).
    reply = JSON.parse(text, (key, value) =>
      value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 &&
      Number.isInteger(value.$bytes) ? blobs[value.$bytes] : value);
  } catch (err) {
    reply = { ok: false, error: { kind: "worker", message: trimError(err) } };
    blobs = [];
  }
  self.postMessage({ type: "result", id, ...reply }, blobs.map((b) => b.buffer));
}

self.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === "boot") boot(msg);
  else if (msg.type === "call") call(msg);
};
