// The drift lab's prerendered example report, put into the page when the reader scrolls near it.
//
// The build draws the example with the lab's own view (scripts/hooks/drift_lab.py) and ships it
// inside a <noscript>: without JavaScript the browser shows it as it is; with JavaScript the
// browser keeps it as text, so its ~4,000 elements cost the page's first seconds nothing (the
// theme's script and the layout used to walk all of them before the page answered a tap). It is
// parsed into the page when it comes within half a screen of view (on a wide screen, where it starts
// just below the fold, at once), when an address names an element inside it, or before printing.
// The markup is the build's own output, never the reader's.

const AHEAD = "0px 0px 50% 0px"; // drawn while still half a screen below the window

export function mount(el, { signal }) {
  const source = el.querySelector(":scope > noscript");
  if (!source) return; // drawn already (a page kept by the browser's back/forward cache)
  const waiting = document.createElement("p");
  waiting.className = "drift-lab__example-wait";
  waiting.textContent = "The example report appears here as you scroll to it.";
  el.append(waiting);

  let observer = null;
  const draw = () => {
    if (!source.isConnected) return;
    observer?.disconnect();
    let nodes;
    if (source.firstElementChild) {
      // After Material's instant navigation the page was parsed with scripting off: elements already.
      nodes = [...source.childNodes];
    } else {
      const parsed = new DOMParser().parseFromString(source.textContent, "text/html");
      nodes = [...parsed.body.childNodes].map((node) => document.adoptNode(node));
    }
    el.replaceChildren(...nodes);
    el.dataset.exampleDrawn = "true";
  };

  // An address that names a part of the example (#drift-col-3): draw it first, then go there.
  const drawForHash = () => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!id || document.getElementById(id) || !source.isConnected) return;
    if (!(source.textContent.includes(`id="${id}"`) || source.querySelector?.(`[id="${CSS.escape(id)}"]`))) return;
    draw();
    const target = document.getElementById(id);
    target?.scrollIntoView();
    // The sections above it are laid out as they come into view (content-visibility): go there again.
    requestAnimationFrame(() => requestAnimationFrame(() => target?.scrollIntoView()));
  };

  const watch = () => {
    if (signal.aborted || !source.isConnected) return;
    if (typeof IntersectionObserver !== "function") return draw();
    observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) draw();
    }, { rootMargin: AHEAD });
    observer.observe(el);
  };
  // Where the example is depends on the lab's form above it: watch once the page's other tools are in place.
  whenOtherToolsMounted(el, signal).then(watch);
  window.addEventListener("beforeprint", draw, { signal });
  window.addEventListener("hashchange", drawForHash, { signal });
  signal.addEventListener("abort", () => observer?.disconnect());
  drawForHash();
}

/** Resolves once every other tool on the page has mounted (or failed), or after 3 s. */
function whenOtherToolsMounted(self, signal) {
  const pending = () => [...document.querySelectorAll("[data-tool]")]
    .some((tool) => tool !== self && !["true", "failed"].includes(tool.dataset.toolMounted));
  return new Promise((resolve) => {
    if (!pending()) return resolve();
    const changes = new MutationObserver(() => {
      if (!pending()) finish();
    });
    const timer = setTimeout(() => finish(), 3000);
    const finish = () => {
      changes.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve());
    };
    changes.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-tool-mounted"] });
    signal.addEventListener("abort", finish);
  });
}
