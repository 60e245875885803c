// Mounts the site's interactive tools: every `<div data-tool="name">` on a page gets
// tools/<name>.js, loaded only on pages that have one. Runs on Material's document$, so tools
// mount after instant navigation too; leaving a page aborts its tools' listeners.

const TOOL_NAME = /^[a-z][a-z0-9-]*$/;
let leaving = null;

function mountAll() {
  leaving?.abort();
  leaving = new AbortController();
  const { signal } = leaving;
  for (const el of document.querySelectorAll("[data-tool]")) {
    const name = el.dataset.tool;
    if (!TOOL_NAME.test(name) || el.dataset.toolMounted) continue;
    el.dataset.toolMounted = "loading";
    import(`./tools/${name}.js`)
      .then((module) => {
        if (signal.aborted) return;
        module.mount(el, { signal });
        el.dataset.toolMounted = "true";
      })
      .catch((err) => {
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
