"""The bytes of a CSV file, held in memory (the browser, the api) or read from an open file in pieces
(the command line, so that a large file is never held whole)."""

from __future__ import annotations

from typing import Any

from ..errors import InputError


class Source:
    """Read access to a file's bytes by offset, whether they are in memory or in an open file."""

    def __init__(self, data: Any, name: str):
        self.name = name
        self._view: memoryview | None = None
        self._bytes = data if isinstance(data, bytes) else None
        self._file: Any = None
        if isinstance(data, (bytes, bytearray, memoryview)):
            self._view = memoryview(data).cast("B")
            self.size = self._view.nbytes
        elif hasattr(data, "read") and hasattr(data, "seek") and isinstance(data.read(0), bytes):
            self._file = data
            data.seek(0, 2)
            self.size = data.tell()
        else:
            raise InputError(f"{name}: expected the file's bytes, got {type(data).__name__}")

    def read(self, offset: int, size: int) -> bytes:
        """Up to ``size`` bytes from ``offset`` (fewer at the end of the file)."""
        if self._view is not None:
            return bytes(self._view[offset : offset + size])
        self._file.seek(offset)
        return self._file.read(size)

    def all(self) -> bytes:
        """The whole file (the general reader needs it at once)."""
        if self._bytes is not None:
            return self._bytes
        if self._view is not None:
            return self._view.tobytes()
        return self.read(0, self.size)
