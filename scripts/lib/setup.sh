# Sourced by scripts/serve and scripts/test: make the project venv and the runtime cache ready.
# Quick when nothing changed: the venv is rebuilt only when pyproject.toml or constraints.txt
# change, and the runtime cache is only re-fetched when a file is missing or fails its sha256.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${MLOPS_KIT_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
export NO_MKDOCS_2_WARNING=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_venv() {
  # One environment for serving and testing: docs + test extras, pinned by constraints.txt.
  local stamp="$VENV/.mlops-kit-stamp"
  local want
  want="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -c1-16)"
  if [[ -x "$PY" && -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  if [[ ! -x "$PY" ]]; then
    say "creating the project venv in $VENV"
    python3 -m venv "$VENV"
  fi
  say "installing Python packages (pinned by constraints.txt)"
  "$PY" -m pip install --quiet -c "$ROOT/constraints.txt" -e "$ROOT[docs,test]" 2>&1 | grep -v '^WARNING: Location' >&2 || true
  "$PY" -c "import evaluator, mkdocs, material, playwright, pytest" \
    || { echo "error: installing the project's Python packages failed (see above)" >&2; exit 1; }
  echo "$want" > "$stamp"
}

ensure_runtime() {
  if ! "$PY" "$ROOT/scripts/vendor.py" verify >/dev/null 2>&1; then
    say "fetching the Pyodide runtime, numpy, scipy and Mermaid into the cache (one time)"
    "$PY" "$ROOT/scripts/vendor.py" fetch
  fi
}

ensure_chromium() {
  if [[ -x "${CHROMIUM:-/usr/bin/chromium}" ]]; then
    return 0
  fi
  say "installing Debian's chromium for the browser tests (one time)"
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

ensure_evidently_venv() {
  # Evidently 0.7 for the parity tests (pytest -m evidently), in its own venv: it wants pandas<3
  # and its own numpy/scipy, which must not move the pins of the project venv.
  EVIDENTLY_VENV="${MLOPS_KIT_EVIDENTLY_VENV:-$ROOT/.venv-evidently}"
  EVIDENTLY_PY="$EVIDENTLY_VENV/bin/python"
  local stamp="$EVIDENTLY_VENV/.mlops-kit-stamp"
  local want
  want="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints-evidently.txt" | sha256sum | cut -c1-16)"
  if [[ -x "$EVIDENTLY_PY" && -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  if [[ ! -x "$EVIDENTLY_PY" ]]; then
    say "creating the Evidently venv in $EVIDENTLY_VENV"
    python3 -m venv "$EVIDENTLY_VENV"
  fi
  say "installing Evidently for the parity tests (one time)"
  "$EVIDENTLY_PY" -m pip install --quiet -c "$ROOT/constraints-evidently.txt" -e "$ROOT[evidently]" pytest hypothesis 2>&1 | grep -v '^WARNING: Location' >&2 || true
  "$EVIDENTLY_PY" -c "import evidently, pandas, evaluator, pytest" \
    || { echo "error: installing Evidently for the parity tests failed (see above)" >&2; exit 1; }
  echo "$want" > "$stamp"
}
