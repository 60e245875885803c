"""The compact text form of a bucket-mode column's keys and counts (profile format version 2).

Exact counts on a fine grid are many numbers with noisy low digits: as decimal JSON they took
about 1.7 times their information. Here they are Rice-coded (each number ``v`` as ``v >> k`` in
unary and its ``k`` low bits, with the best ``k`` per block of `BLOCK` numbers) and the bytes
written as base64, so a column's buckets are one JSON string. Decoding is numpy array arithmetic
(no loop over numbers), which keeps it fast in the browser.

The numbers coded, all ``>= 0``:

- the occupied keys as runs of consecutive keys: the first run's start (zigzag: ``2s`` for
  ``s >= 0``, ``-2s - 1`` below), then per run its length minus 1 and the gap to the next run's
  start minus 2 (runs are separated by at least one empty key);
- the counts, each as its difference from the previous bucket's count (zigzag; the first from 0).

Layout of the bytes: three unsigned LEB128 varints (number of buckets, number of runs, length in
bytes of the unary part), then one byte per block giving its ``k`` (0 to 63), the unary part
(per number ``v >> k`` one-bits then a zero-bit, most significant bit of each byte first), and the
low-bits part (each number's ``k`` low bits, most significant first), both padded with zero-bits
to whole bytes. The same keys and counts always give the same text.
"""

from __future__ import annotations

import base64
import binascii

import numpy as np

BLOCK = 16  # numbers sharing one Rice parameter


class PackingError(ValueError):
    """The text is not a valid packing of buckets."""


def _zigzag(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.int64)
    return np.where(x >= 0, x.astype(np.uint64) << np.uint64(1), ((-x - 1).astype(np.uint64) << np.uint64(1)) | np.uint64(1))


def _unzigzag(u: np.ndarray) -> np.ndarray:
    half = (u >> np.uint64(1)).astype(np.int64)
    return np.where((u & np.uint64(1)) == 0, half, -half - 1)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    n, shift = 0, 0
    while True:
        if pos >= len(data) or shift > 63:
            raise PackingError("the header ends early")
        byte = data[pos]
        pos += 1
        n |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return n, pos


def _best_k(values: np.ndarray) -> np.ndarray:
    """Per block, the Rice parameter with the fewest bits (the smallest such ``k`` on a tie)."""
    blocks = -(-values.size // BLOCK)
    padded = np.zeros(blocks * BLOCK, dtype=np.uint64)
    padded[: values.size] = values
    padded = padded.reshape(blocks, BLOCK)
    valid = (np.arange(blocks * BLOCK) < values.size).reshape(blocks, BLOCK)
    costs = np.empty((blocks, 64), dtype=np.float64)
    for k in range(64):
        q = (padded >> np.uint64(k)).astype(np.float64)
        costs[:, k] = np.sum(np.where(valid, q + 1 + k, 0), axis=1)
    return np.argmin(costs, axis=1).astype(np.uint64)


def _rice(values: np.ndarray) -> tuple[bytes, bytes, bytes]:
    values = np.asarray(values, dtype=np.uint64)
    if values.size == 0:
        return b"", b"", b""
    ks = _best_k(values)
    k = np.repeat(ks, BLOCK)[: values.size]
    q = (values >> k).astype(np.int64)
    ends = np.cumsum(q + 1)  # the zero-bit closing each number's unary part
    unary = np.ones(int(ends[-1]), dtype=np.uint8)
    unary[ends - 1] = 0
    widths = k.astype(np.int64)
    total = int(widths.sum())
    low = np.zeros(total, dtype=np.uint8)
    if total:
        owner = np.repeat(np.arange(values.size), widths.astype(np.intp))
        starts = np.cumsum(widths) - widths
        place = (np.repeat(widths, widths.astype(np.intp)) - 1 - (np.arange(total) - np.repeat(starts, widths.astype(np.intp)))).astype(np.uint64)
        low = ((values[owner] >> place) & np.uint64(1)).astype(np.uint8)
    return ks.astype(np.uint8).tobytes(), np.packbits(unary).tobytes(), np.packbits(low).tobytes()


def _unrice(n: int, ks: np.ndarray, unary: bytes, low: bytes) -> np.ndarray:
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    zeros = np.flatnonzero(np.unpackbits(np.frombuffer(unary, dtype=np.uint8)) == 0)
    if zeros.size < n:
        raise PackingError("the unary part ends early")
    q = np.diff(zeros[:n], prepend=-1) - 1
    k = np.repeat(ks.astype(np.int64), BLOCK)[:n]
    total = int(k.sum())
    if len(low) * 8 < total:
        raise PackingError("the low-bits part ends early")
    rem = np.zeros(n, dtype=np.uint64)
    if total:
        # each number's k bits start at bit s: read the 8 bytes from byte s // 8 as one big-endian
        # integer, drop the s % 8 bits before them and keep the top k (k <= 56 here; longer ones bit by bit)
        starts = np.cumsum(k) - k
        padded = np.frombuffer(bytes(low) + bytes(8), dtype=np.uint8)
        first = starts // 8
        word = np.zeros(n, dtype=np.uint64)
        for i in range(8):
            word = (word << np.uint64(8)) | padded[first + i].astype(np.uint64)
        short = (k > 0) & (k <= 56)
        shift = (starts % 8).astype(np.uint64)
        rem[short] = (word[short] << shift[short]) >> (np.uint64(64) - k[short].astype(np.uint64))
        long = k > 56
        if long.any():
            bits = np.unpackbits(padded)
            for i in np.flatnonzero(long).tolist():
                value = 0
                for b in bits[starts[i] : starts[i] + k[i]].tolist():
                    value = (value << 1) | b
                rem[i] = value
    if np.any(q >= 64) or np.any((q.astype(np.uint64) << k.astype(np.uint64)) >> k.astype(np.uint64) != q.astype(np.uint64)):
        raise PackingError("a number is too large")
    return (q.astype(np.uint64) << k.astype(np.uint64)) | rem


def pack_buckets(keys: np.ndarray, counts: np.ndarray) -> str:
    """Sorted distinct keys and their positive counts as text."""
    keys = np.asarray(keys, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.int64)
    if keys.size == 0:
        numbers = np.zeros(0, dtype=np.uint64)
        runs = 0
    else:
        breaks = np.flatnonzero(np.diff(keys) != 1)
        starts = np.concatenate(([0], breaks + 1))
        ends = np.concatenate((breaks, [keys.size - 1]))
        runs = starts.size
        lengths = (ends - starts).astype(np.uint64)  # length - 1
        gaps = (keys[starts[1:]] - keys[ends[:-1]] - 2).astype(np.uint64)
        run_part = np.empty(2 * runs - 1, dtype=np.uint64)
        run_part[0::2] = lengths
        run_part[1::2] = gaps
        numbers = np.concatenate((_zigzag(keys[:1]), run_part, _zigzag(np.diff(counts, prepend=0))))
    ks, unary, low = _rice(numbers)
    data = _varint(int(keys.size)) + _varint(runs) + _varint(len(unary)) + ks + unary + low
    return base64.b64encode(data).decode("ascii")


def unpack_buckets(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The keys and counts of `pack_buckets`' text; `PackingError` if it is not such text."""
    if not isinstance(text, str):
        raise PackingError("not text")
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise PackingError("not base64 text") from None
    n, pos = _read_varint(data, 0)
    runs, pos = _read_varint(data, pos)
    unary_len, pos = _read_varint(data, pos)
    if n == 0:
        if runs or unary_len or pos != len(data):
            raise PackingError("an empty column with data")
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if not 1 <= runs <= n:
        raise PackingError("bad number of runs")
    count = 2 * runs + n
    blocks = -(-count // BLOCK)
    if pos + blocks + unary_len > len(data):
        raise PackingError("the text ends early")
    ks = np.frombuffer(data[pos : pos + blocks], dtype=np.uint8)
    if np.any(ks > 63):
        raise PackingError("bad Rice parameter")
    pos += blocks
    numbers = _unrice(count, ks, data[pos : pos + unary_len], data[pos + unary_len :])
    first = int(_unzigzag(numbers[:1])[0])
    run_part = numbers[1 : 2 * runs]
    if np.any(run_part > np.uint64(1 << 62)):
        raise PackingError("a key is out of range")
    lengths = run_part[0::2].astype(np.int64) + 1
    gaps = run_part[1::2].astype(np.int64) + 2
    if int(lengths.sum()) != n:
        raise PackingError("the runs do not add up to the buckets")
    run_starts = first + np.concatenate(([0], np.cumsum(lengths[:-1] - 1 + gaps)))
    reps = lengths.astype(np.intp)  # np.repeat wants intp counts: 32 bits in the browser (Pyodide is wasm32)
    keys = np.repeat(run_starts, reps) + (np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, reps))
    counts = np.cumsum(_unzigzag(numbers[2 * runs :]))
    return keys.astype(np.int64), counts.astype(np.int64)
