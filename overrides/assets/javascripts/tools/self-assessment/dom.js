// Small DOM builders for the self-assessment: text always goes in as textContent, never as HTML.

/** h("p", {className: "x"}, "text", child, ...) — attributes are set as properties, except
 *  aria-*, data-* and role, which are set as attributes. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("aria-") || name.startsWith("data-") || name === "role" || name === "for") {
      node.setAttribute(name, value === true ? "" : String(value));
    } else {
      node[name] = value;
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG = "http://www.w3.org/2000/svg";

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  return append(node, children);
}

/** A link to a page of this site, from a bank link such as "guide/core-skills.md#ci-cd-for-ml". */
export function siteLink(siteRoot, { title, href }) {
  return h("a", { href: new URL(href, siteRoot).href }, title);
}

