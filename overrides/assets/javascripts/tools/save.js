// Saving a tool's result from the page, shared by every tool: a download built in the page (a
// blob: URL, so nothing is requested and nothing leaves the browser) and a copy to the clipboard.

/** Offer text or bytes as a file to download. */
export function download(content, filename, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a while later: some browsers start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copy text to the clipboard; true when it worked. Where the clipboard API is missing or refused
 * (an older browser, a page without the permission), copies from a selected hidden field. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.className = "kit-visually-hidden";
    area.readOnly = true;
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}
