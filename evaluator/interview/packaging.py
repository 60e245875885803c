"""Reproducible ZIP files of exercise files: fixed dates, fixed order, no compression.

Stored, not deflated: deflate output may differ between zlib builds (the system's natively,
Pyodide's in the browser), and the kit promises that a seed gives the same bytes everywhere. The
files are small (about 1 MB for stage 2), so compression would save little.
"""

from __future__ import annotations

import io
import zipfile

ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def zip_files(files: dict[str, bytes | str], folder: str) -> bytes:
    """A ZIP holding ``files`` (name -> content; text is written as UTF-8) under ``folder/``, sorted by name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED
            content = files[name]
            z.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()
