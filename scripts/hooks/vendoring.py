"""The vendoring hook: put the verified Pyodide runtime, the evaluator wheel and Mermaid into the site.

Layout in the site (all paths relative, so the site works under any sub-path):
  runtime/pyodide-<version>/   core files + numpy, scipy, openblas, exactly as pinned
  runtime/evaluator/<sha12>/   the evaluator wheel (code + data files), built on every build (scripts/wheel.py)
  runtime/manifest.json        where the worker finds both (fetched with no-cache)
  assets/vendor/mermaid-<v>/   Mermaid, which Material would otherwise load from a CDN
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from scripts import vendor
from scripts.wheel import WheelError, build_evaluator_wheel

RUNTIME_DIR = "runtime"
MERMAID_SITE_PATH = f"assets/vendor/mermaid-{vendor.MERMAID_VERSION}/mermaid.min.js"
# Material (9.x) loads Mermaid from this address when a page has a diagram; the build points it
# at our copy instead, resolved against Material's own site root (`__md_scope`).
MERMAID_CDN_LITERAL = '"https://unpkg.com/mermaid@11/dist/mermaid.min.js"'


def _place(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        dest.unlink()
    try:
        os.link(src, dest)  # live reload rebuilds often; a hard link costs nothing
    except OSError:
        shutil.copy2(src, dest)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        vendor.verify()
    except vendor.VendorError as exc:
        raise PluginError(str(exc)) from None
    return config


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    runtime = site / RUNTIME_DIR
    pyodide_rel = f"pyodide-{vendor.PYODIDE_VERSION}"
    # on_config verified every file (sha256) at the start of this build; no need to hash them again.
    for path in vendor.expected_files():
        if path.parent == vendor.pyodide_dir():
            _place(path, runtime / pyodide_rel / path.name)
    _place(vendor.mermaid_dir() / vendor.MERMAID_FILE[0], site / MERMAID_SITE_PATH)

    with tempfile.TemporaryDirectory(prefix="mlops-kit-wheel-") as tmp:
        try:
            wheel = build_evaluator_wheel(Path(tmp), Path(config.docs_dir))
        except WheelError as exc:
            raise PluginError(str(exc)) from None
        raw_digest = hashlib.sha256(wheel.read_bytes()).digest()
        digest = raw_digest.hex()
        wheel_rel = f"evaluator/{digest[:12]}/{wheel.name}"
        shutil.rmtree(runtime / "evaluator", ignore_errors=True)
        (runtime / wheel_rel).parent.mkdir(parents=True)
        shutil.copy2(wheel, runtime / wheel_rel)

    manifest = {
        "pyodide_version": vendor.PYODIDE_VERSION,
        "pyodide": f"{pyodide_rel}/",
        "wheel": wheel_rel,
        "wheel_sha256": digest,
        # Subresource Integrity for the worker's fetch() of the wheel.
        "wheel_integrity": "sha256-" + base64.b64encode(raw_digest).decode(),
        "packages": list(vendor.PYODIDE_PACKAGES),
    }
    (runtime / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    _point_material_at_local_mermaid(site)


def _point_material_at_local_mermaid(site: Path) -> None:
    bundles = list((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(f"expected one Material bundle in {site}/assets/javascripts, found {len(bundles)}")
    text = bundles[0].read_text(encoding="utf-8")
    if MERMAID_CDN_LITERAL not in text:
        if f'"{MERMAID_SITE_PATH}"' in text:
            return  # already patched (a hard-linked or re-used bundle)
        raise PluginError(
            f"Material's bundle no longer loads Mermaid from {MERMAID_CDN_LITERAL}; update "
            "scripts/hooks/runtime.py for this Material version, or the site would call a CDN"
        )
    local = f'new URL("{MERMAID_SITE_PATH}",__md_scope).href'
    bundles[0].unlink()  # never write through a hard link into Material's installed copy
    bundles[0].write_text(text.replace(MERMAID_CDN_LITERAL, local), encoding="utf-8")
