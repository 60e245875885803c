"""The Python dispatcher: `{fn, args}` calls to `evaluator.api`, for the browser worker and the tests.

The worker hands over the function name, the arguments and (optionally) a progress callback; this
module answers with the `{ok, result}` / `{ok: false, error: {kind, message}}` envelope as a JSON
string, so exactly the same rules decide what a caller sees in the browser and natively. Bytes in
a result (a file to download) do not become text: `call_parts` lifts each one out of the JSON,
leaving ``{"$bytes": i}`` in its place, and hands the bytes over beside it.
"""

from __future__ import annotations

import json
import math
from typing import Any

from . import api
from .errors import InputError

# Frames from these files are machinery, not the reader's problem: they are cut from tracebacks.
_INTERNAL_MARKERS = ("/_pyodide/", "/pyodide/", "evaluator/dispatch.py", "<exec>")


def _to_python(value: Any) -> Any:
    """Turn a Pyodide JsProxy (or anything already Python) into plain Python; bytes stay bytes."""
    to_py = getattr(value, "to_py", None)
    if to_py is not None:
        value = to_py()
    if isinstance(value, memoryview):
        return value.tobytes()
    if isinstance(value, dict):
        return {str(k): _to_python(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_python(v) for v in value]
    return value


def _check_json(value: Any, path: str = "result") -> None:
    """Refuse NaN and infinity, which JSON cannot carry: a bug in an api function, named precisely."""
    if isinstance(value, float) and not math.isfinite(value):
        raise TypeError(f"{path} is {value}, which JSON cannot carry; api functions return None instead")
    if isinstance(value, dict):
        for k, v in value.items():
            _check_json(v, f"{path}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _check_json(v, f"{path}[{i}]")


def trimmed_traceback(exc: BaseException) -> str:
    """The traceback of `exc` without the dispatcher's and Pyodide's own frames."""
    import traceback  # only on the error path: every import at boot costs load time in the browser

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not any(m in f.filename for m in _INTERNAL_MARKERS)]
    lines = traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip()


class _UnknownFunction(Exception):
    pass


class _BadCall(Exception):
    pass


# The keyword through which an api function reports progress; the runtime fills it, never the JSON.
PROGRESS = "progress"


def _parameters(function: Any) -> tuple[str, ...]:
    code = function.__code__
    return code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]


def _check_arguments(name: str, function: Any, kwargs: dict[str, Any]) -> None:
    """Refuse unknown and missing argument names before the call, so a TypeError raised inside
    an api function is never mistaken for a caller's mistake. (inspect.signature would do this,
    but importing inspect costs boot time in the browser; api functions take plain arguments.)"""
    if PROGRESS in kwargs:
        raise _BadCall(f"{name}(): '{PROGRESS}' is not a JSON argument; pass a progress callback to the runtime instead")
    code = function.__code__
    names = tuple(n for n in _parameters(function) if n != PROGRESS)
    takes_any = bool(code.co_flags & 0x08)  # CO_VARKEYWORDS: the function has **kwargs
    unknown = [] if takes_any else sorted(set(kwargs) - set(names))
    if unknown:
        raise _BadCall(f"{name}() got unexpected argument(s): {', '.join(unknown)}; it takes: {', '.join(names) or 'none'}")
    with_default = set(names[code.co_argcount - len(function.__defaults__ or ()) : code.co_argcount])
    with_default |= set(function.__kwdefaults__ or {})
    missing = [n for n in names if n not in kwargs and n not in with_default]
    if missing:
        raise _BadCall(f"{name}() is missing argument(s): {', '.join(missing)}")


def call(fn: str, args: Any = None, progress: Any = None) -> dict[str, Any]:
    """Call `evaluator.api.<fn>(**args)` and wrap the outcome in the worker's envelope.

    ``progress`` (a callable ``progress(stage, done, total)``, a JS function in the browser) is
    handed to functions that take a ``progress`` keyword and ignored by the others."""
    try:
        if not isinstance(fn, str) or fn.startswith("_") or fn not in api.__all__:
            raise _UnknownFunction(f"unknown evaluator function {fn!r}; known: {', '.join(sorted(api.__all__))}")
        kwargs = _to_python(args) if args is not None else {}
        if not isinstance(kwargs, dict):
            raise _BadCall(f"arguments for {fn} must be an object of named values, got {type(kwargs).__name__}")
        function = getattr(api, fn)
        _check_arguments(fn, function, kwargs)
        if progress is not None and PROGRESS in _parameters(function):
            kwargs[PROGRESS] = progress
        result = function(**kwargs)
        _check_json(result)
        return {"ok": True, "result": result}
    except InputError as exc:
        return {"ok": False, "error": {"kind": "input", "message": str(exc)}}
    except _UnknownFunction as exc:
        return {"ok": False, "error": {"kind": "unknown-function", "message": str(exc)}}
    except _BadCall as exc:
        # A wrong or missing argument name is a caller bug; say which, without internals.
        return {"ok": False, "error": {"kind": "bad-call", "message": str(exc)}}
    except Exception as exc:  # noqa: BLE001 - the envelope must carry every failure to the page
        return {"ok": False, "error": {"kind": "python", "message": f"{type(exc).__name__}: {exc}", "detail": trimmed_traceback(exc)}}


def call_json(fn: str, args: Any = None, progress: Any = None) -> str:
    """`call`, serialised: the worker parses this string, so no Python object crosses into JS."""
    return json.dumps(call(fn, args, progress), allow_nan=False, separators=(",", ":"))


BYTES_TAG = "$bytes"


def _lift_bytes(value: Any, blobs: list[bytes]) -> Any:
    if isinstance(value, (bytes, bytearray)):
        blobs.append(bytes(value))
        return {BYTES_TAG: len(blobs) - 1}
    if isinstance(value, dict):
        return {k: _lift_bytes(v, blobs) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lift_bytes(v, blobs) for v in value]
    return value


def call_parts(fn: str, args: Any = None, progress: Any = None) -> list[Any]:
    """`call` as ``[json_text, [bytes, ...]]``: every bytes value of the envelope is replaced by
    ``{"$bytes": i}`` in the JSON and is item ``i`` of the list, so the worker can hand the page
    file contents as bytes (transferred, not copied) and everything else as JSON."""
    blobs: list[bytes] = []
    text = json.dumps(_lift_bytes(call(fn, args, progress), blobs), allow_nan=False, separators=(",", ":"))
    return [text, blobs]
