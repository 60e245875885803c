// Mounts the site's interactive tools: every `<div data-tool="name">` on a page gets
// tools/<name>.js, loaded only on pages that have one. Runs on Material's document$, so tools
// mount after instant navigation too; leaving a page aborts its tools' listeners.
//
// A placeholder may name its setup, `data-setup="name.setup.json?v=..."`: what the tool's form is
// built from, written by the build from the tool's Python option source (scripts/hooks/tools.py).
// It is fetched beside the module and handed to mount(el, {signal, setup}), so a form appears
// before Python has loaded. A file, not an inline script: Material's page swap re-runs inline
// scripts as code, so a JSON block would not survive instant navigation.

// The placeholder also names the tool's modules, `data-modules="tools/name.js tools/name/dom.js"`
// (the build walks the static imports): all are asked for at once, not one import after another.
//
// Tools load after the page's first paint: the text a reader came for is drawn first, and the tools'
// scripts do not compete with it for the network and the CPU.

const TOOL_NAME = /^[a-z][a-z0-9-]*$/;
const MODULE_PATH = /^[a-z0-9-]+(\/[a-z0-9-]+)*\.js$/; // under assets/javascripts/
const preloaded = new Set();
let leaving = null;

function preloadModules(el) {
  for (const path of (el.dataset.modules || "").split(/\s+/)) {
    if (!MODULE_PATH.test(path)) continue;
    const href = new URL(path, import.meta.url).href;
    if (preloaded.has(href)) continue;
    preloaded.add(href);
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = href;
    document.head.append(link);
  }
}

function afterFirstPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

async function fetchSetup(el) {
  if (!el.dataset.setup) return undefined;
  // Relative to the page that holds the placeholder (location is already the new page's address).
  const url = new URL(el.dataset.setup, window.location.href);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`its setup ${url.pathname} answered HTTP ${response.status}`);
  return response.json();
}

async function mountAll() {
  leaving?.abort();
  leaving = new AbortController();
  const { signal } = leaving;
  await afterFirstPaint();
  if (signal.aborted) return;
  for (const el of document.querySelectorAll("[data-tool]")) {
    const name = el.dataset.tool;
    if (!TOOL_NAME.test(name) || el.dataset.toolMounted) continue;
    el.dataset.toolMounted = "loading";
    preloadModules(el);
    Promise.all([import(`./tools/${name}.js`), fetchSetup(el)])
      .then(([module, setup]) => {
        if (signal.aborted) return;
        module.mount(el, { signal, setup });
        el.dataset.toolMounted = "true";
      })
      .catch((err) => {
        if (signal.aborted) return;
        el.dataset.toolMounted = "failed";
        const p = document.createElement("p");
        p.className = "kit-error";
        p.setAttribute("role", "alert");
        p.textContent = `This tool could not be loaded (${name}): ${err.message}`;
        el.replaceChildren(p);
      });
  }
}

// document$ is Material's observable of the current page; it replays the first page on subscribe.
if (typeof document$ !== "undefined") document$.subscribe(mountAll);
else document.addEventListener("DOMContentLoaded", mountAll);
