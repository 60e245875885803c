// Runs the drift lab's own report view (overrides/assets/javascripts/tools/drift-lab/report-view.js)
// at build time, in Node, so the prerendered example is drawn by the same code as the live result.
// Reads {setup, result} as JSON on stdin and writes the report's HTML to stdout.
// The view builds DOM nodes with document.createElement(NS), setAttribute, dataset and append only
// (tools/drift-lab/dom.js); the small document below provides exactly that and writes it as HTML.
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const HTML_NS = "http://www.w3.org/1999/xhtml";
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

const escapeText = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttr = (text) => escapeText(text).replace(/"/g, "&quot;");

class Node {}

class Text extends Node {
  constructor(data) {
    super();
    this.data = String(data);
  }

  toHTML() {
    return escapeText(this.data);
  }
}

class Element extends Node {
  constructor(tag, ns) {
    super();
    this.tag = tag;
    this.ns = ns;
    this.attributes = new Map();
    this.dataset = {};
    this.childNodes = [];
  }

  setAttribute(name, value) {
    this.attributes.set(name, String(value));
  }

  append(...nodes) {
    for (const node of nodes) this.childNodes.push(node instanceof Node ? node : new Text(node));
  }

  toHTML() {
    const attrs = [...this.attributes];
    for (const [key, value] of Object.entries(this.dataset)) {
      attrs.push([`data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(value)]);
    }
    const open = `<${this.tag}${attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join("")}>`;
    if (this.ns === HTML_NS && VOID.has(this.tag)) return open;
    return `${open}${this.childNodes.map((c) => c.toHTML()).join("")}</${this.tag}>`;
  }
}

globalThis.Node = Node;
globalThis.document = {
  createElement: (tag) => new Element(tag, HTML_NS),
  createElementNS: (ns, tag) => new Element(tag, ns),
  createTextNode: (data) => new Text(data),
};

const view = new URL("../../overrides/assets/javascripts/tools/drift-lab/report-view.js", import.meta.url);
const { reportView } = await import(pathToFileURL(fileURLToPath(view)).href);
const { setup, result } = JSON.parse(readFileSync(0, "utf-8"));
process.stdout.write(reportView(setup, result).toHTML());
