// The self-assessment's one place in the browser's storage. The key is versioned so that a new
// release with another shape of saved state never misreads an old one; which questions the
// answers belong to is inside the saved text and checked by the evaluator on every load.

export const STORAGE_KEY = "mlops-kit:assessment:v1";

export function readSaved() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage switched off: nothing saved, nothing to resume
  }
}

/** Save; returns null, or a sentence saying why the browser refused. */
export function writeSaved(state) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    return null;
  } catch (err) {
    return `Your answers could not be saved in this browser (${err.name}). They stay on this page until you leave it; export them to keep them.`;
  }
}

export function deleteSaved() {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing was stored
  }
}
