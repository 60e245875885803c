// Building DOM and SVG nodes for the drift lab. Text always goes in as text nodes, never as HTML:
// column names and category values come from the reader's files.

const SVG_NS = "http://www.w3.org/2000/svg";

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setAttributes(node, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  return node;
}

/** h("p", {class: "x"}, "text", child, ...) -> an HTML element. */
export function h(tag, attrs, ...children) {
  return append(setAttributes(document.createElement(tag), attrs), children);
}

/** s("rect", {x: 1}) -> an SVG element. */
export function s(tag, attrs, ...children) {
  return append(setAttributes(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** A table in a box that scrolls sideways on a narrow screen; the box takes keyboard focus (so the
 * table can be scrolled without a mouse) and is named for screen readers. */
export function scrollBox(label, table, extraClass = "") {
  return h("div", { class: `drift-scroll${extraClass ? ` ${extraClass}` : ""}`, tabindex: "0", role: "region", "aria-label": label }, table);
}
