"""A cache of parsed values of clean files, so that an unchanged repo is not parsed again.

Where: `$XDG_CACHE_HOME/okrctl/<hash of the repo's path>/values` (`~/.cache` when unset),
outside the strategy repo on purpose: a folder in the working tree can arrive with a pull
request, and a planted entry would make a file with findings pass. So the cache is off
(as with `--no-cache`) when its folder lies inside the repo or the git working tree
holding it, as written or as its real path; a cache file is read only when it is a
regular file of the current user's, and its folders are made 0o700 (`cache_files`).
Safe to delete at any time. `okrctl --no-cache` or `OKRCTL_NO_CACHE=1` turns it off, and
so does a home that cannot be found or an install whose modules cannot be listed (a
zipapp).

What: for each file that parsed and validated without a finding, the plain value (dicts,
lists, strings, numbers, booleans, None; dates as text) as JSON, keyed by the BLAKE2 hash
of the file's bytes, in one `marshal` file per repo, with okrctl's version (and a
fingerprint of its modules), pydantic's, and a hash of the payload in the header. Never a
pickled model: the values are validated by the models again on every run. When every date
of a value is in a field that only takes dates (`DATE_FIELDS`), the entry is the value's
JSON alone and pydantic-core parses and validates it in one step (`model_validate_json`: no
Python dicts in between; that gives the same model, as the dates' text is what such a field
turns into a date); otherwise it is `[value, paths of its dates]` and the dates are put
back before validating. A file whose header or hash does not match (another version,
truncated, corrupt, foreign) is ignored, and rewritten at the end of the run; so is an
entry that does not read back. Writes go to a temporary file renamed into place, so
concurrent runs never see a half written cache (the last one wins); any error reading or
writing it is ignored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import VERSION as PYDANTIC_VERSION
from pydantic import BaseModel, ValidationError

from okrctl import __version__
from okrctl.load.cache_files import cache_folder, own_bytes, write_atomic
from okrctl.load.source import digest
from okrctl.model.diagnostic import Diagnostic, Severity


def code_fingerprint(package: Path) -> str | None:
    """A hash of the name, size and modification time of every module of `package`: an
    install from a git checkout changes okrctl's code without changing its version, and a
    cache must never answer for other rules or another loader (about 200 stats: ~1 ms).
    None when the modules cannot be listed (a zipapp, a frozen install): no cache then."""
    h = hashlib.blake2b(digest_size=8)
    folders = [package]
    try:
        while folders:
            with os.scandir(folders.pop()) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                        folders.append(Path(entry.path))
                    elif entry.name.endswith(".py"):
                        st = entry.stat()
                        h.update(os.fsencode(entry.path))  # any bytes, UTF-8 or not
                        h.update(f"\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    except OSError:
        return None
    return h.hexdigest()


_CODE = code_fingerprint(Path(__file__).resolve().parent.parent)
# What may change what an entry means: okrctl's version and code (the format, the rules),
# pydantic's version (validation from JSON, its messages) and marshal's.
VERSIONS = f"{__version__} code {_CODE} pydantic {PYDANTIC_VERSION} marshal {marshal.version}"
_MAGIC = f"okrctl-values 3 {VERSIONS}\n".encode()
_DIGEST = 32  # bytes of the payload's BLAKE2b hash after the header


def cache_file(root: Path) -> Path | None:
    """Where the cache of the repo at `root` lives; None when the cache is off
    (`cache_folder`'s reasons, or okrctl's modules could not be fingerprinted)."""
    folder = None if _CODE is None else cache_folder(root)
    return None if folder is None else folder / "values"


DatePath = list[str | int]  # where a date is in a value: keys and indexes from the top


def _at(value: Any, path: DatePath) -> tuple[Any, str | int]:
    for step in path[:-1]:
        value = value[step]
    return value, path[-1]


# The fields of the file models whose type is a date and nothing else (test_cache checks
# them against the models). A date elsewhere, e.g. in a measure's `where` (a date, number or
# string), would read back from JSON as a string, so such values keep their date paths.
DATE_FIELDS = frozenset({"date", "due", "start", "end"})
_JSON, _WITH_DATES = b"j", b"p"  # the first byte of an entry: how to read it back


def _json_exact(dates: list[DatePath]) -> bool:
    return all(path[-1] in DATE_FIELDS and "where" not in path for path in dates)


def _encode(value: dict[str, Any], dates: list[DatePath]) -> bytes | None:
    """The entry of `value`: its JSON, the dates written as text (in place, then put back)."""
    places = [_at(value, path) for path in dates]
    found = [parent[step] for parent, step in places]
    try:
        for (parent, step), date in zip(places, found, strict=True):
            parent[step] = date.isoformat()
        if _json_exact(dates):
            return _JSON + json.dumps(value, ensure_ascii=False, allow_nan=False).encode()
        return _WITH_DATES + json.dumps([value, dates], ensure_ascii=False).encode()
    except (TypeError, ValueError):
        return None
    finally:
        for (parent, step), date in zip(places, found, strict=True):
            parent[step] = date


def _decode(entry: bytes) -> dict[str, Any] | None:
    """The value of a `[value, dates]` entry, or None when it is not one this module wrote."""
    try:
        value, dates = json.loads(entry)
        for path in dates:
            parent, step = _at(value, path)
            parent[step] = dt.date.fromisoformat(parent[step])
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
        return None
    return value if type(value) is dict else None


def _read_back(entry: bytes, model: type[BaseModel]) -> BaseModel | dict[str, Any] | None:
    """The model (JSON entries) or the value (the others) of an entry; None when untrusted."""
    if entry[:1] == _JSON:
        try:
            return model.model_validate_json(entry[1:])
        except ValidationError:  # not what this module wrote for a file of this model
            return None
    return _decode(entry[1:]) if entry[:1] == _WITH_DATES else None


class ValueCache:
    """The cache of one repo for one run: `get` and `put` values, `save` at the end."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old: dict[bytes, bytes] = {}  # entries not used yet
        self._new: dict[bytes, bytes] = {}  # entries put this run
        # Keys of entries used this run: they are freed once read (their models hold what
        # is needed), and read again from the file only if it must be written.
        self._used: set[bytes] = set()
        self._dirty = False
        if path is not None:
            self._old = _read(path)

    def get(
        self, data: bytes, model: type[BaseModel], key: bytes | None = None
    ) -> BaseModel | dict[str, Any] | None:
        """For the bytes of a file of `model`: the validated model, or a value to validate;
        None when nothing (trusted) is cached for them. `key` is `digest(data)` when the
        caller has it."""
        if self.path is None:
            return None
        if key is None:
            key = digest(data)
        entry = self._old.pop(key, None) or self._new.get(key)
        if entry is None:  # new bytes, or the second file with the same bytes (parsed)
            return None
        found = _read_back(entry, model)
        if found is None:  # not trusted: parsed again, and the entry rewritten
            self._dirty = True
            return None
        if key not in self._new:
            self._used.add(key)
        return found

    def put(self, data: bytes, value: dict[str, Any], dates: list[DatePath]) -> None:
        """Keep `value`, which validated, for `data`; `dates` are the paths of its dates
        (`parse_fast`'s)."""
        if self.path is None:
            return
        entry = _encode(value, dates)
        if entry is not None:
            key = digest(data)
            self._new[key] = entry
            self._used.discard(key)
            self._dirty = True

    def save(self) -> None:
        """Write what this run used (entries of files gone or changed are dropped)."""
        if self.path is None or not (self._dirty or self._old):  # _old: entries not used
            return
        self._old = {}
        kept = _read(self.path)  # the used entries again (a concurrent run may have
        entries = {k: kept[k] for k in self._used if k in kept}  # replaced some: dropped)
        del kept
        entries.update(self._new)
        try:
            payload = marshal.dumps(entries)
        except ValueError:  # pragma: no cover - only bytes keys and values
            return
        del entries
        write_atomic(self.path, _MAGIC, payload_digest(payload), payload)


def payload_digest(payload: bytes | memoryview) -> bytes:
    return hashlib.blake2b(payload, digest_size=_DIGEST).digest()


def read_checked(path: Path, magic: bytes) -> memoryview | None:
    """The payload of a cache file whose header and hash match, else None."""
    data = own_bytes(path)
    if data is None:
        return None
    view = memoryview(data)
    head = len(magic)
    payload = view[head + _DIGEST :]
    if view[:head] != magic or payload_digest(payload) != view[head : head + _DIGEST]:
        return None  # another version, truncated or corrupt
    return payload


def _read(path: Path) -> dict[bytes, bytes]:
    payload = read_checked(path, _MAGIC)
    if payload is None:
        return {}
    try:
        entries = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):  # pragma: no cover - the hash matched
        return {}
    if type(entries) is not dict or not all(type(v) is bytes for v in entries.values()):
        return {}
    return entries


# The findings of a whole repo (loader and rules, severities applied), so that a status on
# an unchanged repo skips the cross-file rules. Keyed by okrctl's version, the repo's
# fingerprint (every file's path and bytes, and the layout's own findings: settings.rules
# is in okrctl.yaml's bytes) and the day findings are judged on. One JSON file per repo
# holding the last few keys (a handful of --as-of days); anything malformed is a miss.
_FINDINGS_MAGIC = f"okrctl-findings 1 {VERSIONS}\n".encode()
_FINDINGS_KEPT = 8
_FIELDS = (("file", str), ("line", int), ("col", int), ("code", str), ("message", str))


def fingerprint(parts: Iterable[tuple[str, bytes]], layout: Iterable[Diagnostic]) -> str:
    """A hash of what a repo's findings depend on: each file's path and the `digest` of its
    bytes, in the order read, and the findings of the walk over its folders (odd names,
    links, ...)."""
    h = hashlib.blake2b(digest_size=20)
    for rel, data in parts:
        h.update(f"{len(rel)}:{rel}{len(data)}:".encode())
        h.update(data)
    for d in layout:
        h.update(repr(d.to_dict()).encode())
    return h.hexdigest()


def _diagnostic(raw: Any) -> Diagnostic:
    """A finding read back; ValueError unless it is exactly one `_store` wrote."""
    if type(raw) is not dict or len(raw) != len(_FIELDS) + 1:
        raise ValueError("not a finding")
    values = [raw[name] for name, kind in _FIELDS if type(raw.get(name)) is kind]
    if len(values) != len(_FIELDS):
        raise ValueError("not a finding")
    file, line, col, code, message = values
    return Diagnostic(file, line, col, code, Severity(raw["severity"]), message)


class FindingsCache:
    """The cached findings of one repo fingerprint on one day; `get`, else `put`."""

    def __init__(self, path: Path | None, repo_key: str | None, day: dt.date) -> None:
        self.path = path if repo_key is not None else None
        self.key = f"{repo_key}/{day.isoformat()}"
        self._entries: dict[str, Any] = {}
        if self.path is not None:
            self._entries = _read_findings(self.path)

    def get(self) -> list[Diagnostic] | None:
        raw = self._entries.get(self.key)
        if type(raw) is not list:
            return None
        try:
            return [_diagnostic(d) for d in raw]
        except (ValueError, KeyError):
            return None  # not trusted: computed again, and the entry rewritten

    def put(self, found: Sequence[Diagnostic]) -> None:
        if self.path is None:
            return
        entries = {k: v for k, v in self._entries.items() if k != self.key}
        kept = dict(list(entries.items())[-(_FINDINGS_KEPT - 1) :])
        kept[self.key] = [d.to_dict() for d in found]
        # surrogatepass: a file name that is not UTF-8 holds lone surrogates (json.loads
        # decodes bytes with surrogatepass, so they come back as they were).
        payload = json.dumps(kept, ensure_ascii=False).encode("utf-8", "surrogatepass")
        write_atomic(self.path, _FINDINGS_MAGIC, payload_digest(payload), payload)


def findings_file(root: Path) -> Path | None:
    """Where the findings cache of the repo at `root` lives (beside its values)."""
    values = cache_file(root)
    return None if values is None else values.with_name("findings")


def _read_findings(path: Path) -> dict[str, Any]:
    payload = read_checked(path, _FINDINGS_MAGIC)
    if payload is None:
        return {}
    try:
        entries = json.loads(bytes(payload))
    except (ValueError, RecursionError):  # pragma: no cover - the hash matched
        return {}
    return entries if type(entries) is dict else {}
