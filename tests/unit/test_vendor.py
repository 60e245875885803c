"""The vendored runtime: a missing or altered file stops the build, naming the file and the fix."""

from __future__ import annotations

import pytest

from scripts import vendor


def test_verified_cache_lists_core_packages_and_dependencies(cache_copy):
    names = {p.name for p in vendor.verify()}
    assert {"pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json", "mermaid.min.js"} <= names
    assert {"numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", "scipy-1.14.1-cp312-cp312-pyodide_2024_0_wasm32.whl"} <= names
    assert "openblas-0.3.26.zip" in names  # scipy's dependency, found through the lock


def test_a_changed_byte_is_a_mismatch_naming_the_file(cache_copy):
    target = cache_copy / f"pyodide-{vendor.PYODIDE_VERSION}" / "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
    data = bytearray(target.read_bytes())
    data[1000] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(vendor.VendorError) as info:
        vendor.verify()
    message = str(info.value)
    assert f"sha256 mismatch: {target}" in message and "scripts/fetch-runtime" in message
    assert message.count("\n  ") == 1  # only the broken file is named


def test_an_altered_lock_cannot_vouch_for_packages(cache_copy):
    lock = cache_copy / f"pyodide-{vendor.PYODIDE_VERSION}" / "pyodide-lock.json"
    lock.write_text(lock.read_text().replace('"numpy"', '"numpy" ', 1))
    assert any("pyodide-lock.json" in p for p in vendor.problems())
