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

# make_venv DIR CONSTRAINTS EXTRAS IMPORTS WHAT [PACKAGE...]: a venv with this project installed
# (editable, with EXTRAS) under CONSTRAINTS, re-installed only when pyproject.toml or CONSTRAINTS
# change; IMPORTS are checked afterwards so a failed install stops here, not in a test.
make_venv() {
  local dir="$1" constraints="$2" extras="$3" imports="$4" what="$5"
  shift 5
  local py="$dir/bin/python" stamp="$dir/.mlops-kit-stamp" want
  want="$(cat "$ROOT/pyproject.toml" "$constraints" | sha256sum | cut -c1-16)"
  if [[ -x "$py" && -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$want" ]]; then
    add_repo_to_path "$py"
    return 0
  fi
  if [[ ! -x "$py" ]]; then
    say "creating the $what venv in $dir"
    python3 -m venv "$dir"
  fi
  say "installing Python packages for the $what venv (pinned by $(basename "$constraints"))"
  "$py" -m pip install --quiet -c "$constraints" -e "$ROOT[$extras]" "$@" 2>&1 | grep -v '^WARNING: Location' >&2 || true
  add_repo_to_path "$py"
  "$py" -c "import $imports" \
    || { echo "error: installing the $what venv's Python packages failed (see above)" >&2; exit 1; }
  echo "$want" > "$stamp"
}

# add_repo_to_path PY: put the repository root on the venv's import path (a .pth file), so the
# kit's own build code imports as `scripts.vendor`, `scripts.hooks.partials`, ... from MkDocs
# hooks, tests and benchmarks alike, with no sys.path edits in code.
add_repo_to_path() {
  local py="$1" site
  site="$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  [[ "$(cat "$site/mlops_kit_repo.pth" 2>/dev/null)" == "$ROOT" ]] || echo "$ROOT" > "$site/mlops_kit_repo.pth"
}

ensure_venv() {
  # One environment for serving and testing: docs + test extras, pinned by constraints.txt.
  make_venv "$VENV" "$ROOT/constraints.txt" "docs,test,arrow,spark" "evaluator, mkdocs, material, playwright, pytest, pyarrow, pyspark" project
}

ensure_java() {
  # Java 17 for the Spark engine's tests (pytest -m spark), from Debian when there is no java.
  if command -v java >/dev/null 2>&1; then
    return 0
  fi
  say "installing Debian's openjdk-17-jre-headless for the Spark tests (one time)"
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jre-headless >/dev/null
}

ensure_runtime() {
  if ! "$PY" -m scripts.vendor verify >/dev/null 2>&1; then
    say "fetching the Pyodide runtime, numpy, scipy and Mermaid into the cache (one time)"
    "$PY" -m scripts.vendor fetch
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
  make_venv "$EVIDENTLY_VENV" "$ROOT/constraints-evidently.txt" evidently "evidently, pandas, evaluator, pytest" Evidently pytest hypothesis
}
