// How the drift lab writes numbers. The site's build writes the prerendered example with the same
// rules (scripts/hooks/drift_lab.py: number_text, percent_text); a browser test checks that both
// give the same text for the same values, ties included.

/** 4 significant digits (3 in exponent form below 1e-4 and from 1e6), halves rounded away from zero. */
export function numberText(x) {
  if (x === null || x === undefined) return "n/a";
  if (typeof x === "boolean") return x ? "yes" : "no";
  if (x === 0) return "0";
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e6) return String(Number(x.toPrecision(4)));
  const [mantissa, exponent] = x.toExponential(2).split("e");
  return `${Number(mantissa)}e${Number(exponent)}`;
}

/** A share (0 to 1) as a percentage with one decimal. */
export function percentText(share) {
  if (share === null || share === undefined) return "n/a";
  return `${(share * 100).toFixed(1)}%`;
}

/** A whole number with thousands separators (row counts). */
export function countText(n) {
  return n === null || n === undefined ? "n/a" : Number(n).toLocaleString("en-US");
}

/** A file size for people: "812 KB", "91.4 MB". */
export function sizeText(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A change of a rate (0 to 1) in percentage points, signed: "+2.6 points", "-8.0 points". */
export function pointsText(change) {
  if (change === null || change === undefined) return "n/a";
  const text = (Math.abs(change) * 100).toFixed(1);
  const sign = text === "0.0" ? "±" : change < 0 ? "-" : "+";
  return `${sign}${text} points`;
}
