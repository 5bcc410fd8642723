"""A cache of parsed values of clean files, so that an unchanged repo is not parsed again.

Where: `$XDG_CACHE_HOME/okrctl/<hash of the repo's path>/values` (`~/.cache` when unset),
outside the strategy repo on purpose: a folder in the working tree can arrive with a pull
request, and a planted entry would make a file with findings pass. Safe to delete at any
time. `okrctl --no-cache` or `OKRCTL_NO_CACHE=1` turns it off.

What: for each file that parsed without a finding, the plain value (dicts, lists,
strings, numbers, booleans, None; dates as text, with their paths) as JSON, keyed by the
BLAKE2 hash of the file's bytes, in one `marshal` file per repo, with okrctl's version and
a hash of the payload in the header. Never a pickled model: the values are validated by
the models again on every run. A file whose header or hash does not match (another
version, truncated, corrupt, foreign) is ignored, and rewritten at the end of the run.
Writes go to a temporary file renamed into place, so concurrent runs never see a half
written cache (the last one wins); any error reading or writing it is ignored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from okrctl import __version__

_MAGIC = f"okrctl-values 2 {__version__} marshal {marshal.version}\n".encode()
_DIGEST = 32  # bytes of the payload's BLAKE2b hash after the header


def cache_file(root: Path) -> Path | None:
    """Where the cache of the repo at `root` lives; None when the cache is turned off."""
    if os.environ.get("OKRCTL_NO_CACHE", "").strip() not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    home = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    key = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
    return home / "okrctl" / key / "values"


def _key(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


DatePath = list[str | int]  # where a date is in a value: keys and indexes from the top


def _at(value: Any, path: DatePath) -> tuple[Any, str | int]:
    for step in path[:-1]:
        value = value[step]
    return value, path[-1]


def _encode(value: dict[str, Any], dates: list[DatePath]) -> bytes | None:
    """JSON of `[value, dates]`, the dates written as text (in place, then put back)."""
    places = [_at(value, path) for path in dates]
    found = [parent[step] for parent, step in places]
    try:
        for (parent, step), date in zip(places, found, strict=True):
            parent[step] = date.isoformat()
        return json.dumps([value, dates], ensure_ascii=False).encode()
    except (TypeError, ValueError):
        return None
    finally:
        for (parent, step), date in zip(places, found, strict=True):
            parent[step] = date


def _decode(entry: bytes) -> dict[str, Any] | None:
    """The value of an entry, or None when it is not one this module wrote."""
    try:
        value, dates = json.loads(entry)
        for path in dates:
            parent, step = _at(value, path)
            parent[step] = dt.date.fromisoformat(parent[step])
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
        return None
    return value if type(value) is dict else None


class ValueCache:
    """The cache of one repo for one run: `get` and `put` values, `save` at the end."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old: dict[bytes, bytes] = {}
        self._new: dict[bytes, bytes] = {}  # what the next run will find
        self._dirty = False
        if path is not None:
            self._old = _read(path)

    def get(self, data: bytes) -> dict[str, Any] | None:
        if self.path is None:
            return None
        key = _key(data)
        entry = self._old.get(key)
        if entry is None:
            return None
        value = _decode(entry)
        if value is None:  # not trusted: parsed again, and the entry rewritten
            self._dirty = True
            return None
        self._new[key] = entry
        return value

    def put(self, data: bytes, value: dict[str, Any], dates: list[DatePath]) -> None:
        """Keep `value` for `data`; `dates` are the paths of its dates (`parse_fast`'s)."""
        if self.path is None:
            return
        entry = _encode(value, dates)
        if entry is not None:
            self._new[_key(data)] = entry
            self._dirty = True

    def save(self) -> None:
        """Write what this run used (entries of files gone or changed are dropped)."""
        if self.path is None or not (self._dirty or len(self._new) != len(self._old)):
            return
        try:
            payload = marshal.dumps(self._new)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".values-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(
                        _MAGIC + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload
                    )
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            pass  # read-only, full or missing: the cache is only ever an optimisation


def _read(path: Path) -> dict[bytes, bytes]:
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    head = len(_MAGIC)
    payload = data[head + _DIGEST :]
    if (
        data[:head] != _MAGIC
        or hashlib.blake2b(payload, digest_size=_DIGEST).digest() != data[head : head + _DIGEST]
    ):
        return {}  # another version, truncated or corrupt
    try:
        entries = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):  # pragma: no cover - the hash matched
        return {}
    if type(entries) is not dict or not all(type(v) is bytes for v in entries.values()):
        return {}
    return entries
