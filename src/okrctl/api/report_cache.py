"""The page cache of `okrctl report --html`: which pages a rerun need not draw again.

Where: `$XDG_CACHE_HOME/okrctl/<hash of the output folder's real path>/pages`, beside the
value cache (`okrctl.load.cache`), and never in the output folder: a pull request can
commit an output folder, marker and all, with a planted entry and a page of its own that
the entry vouches for. Safe to delete at any time; `okrctl --no-cache` or
`OKRCTL_NO_CACHE=1` turns it off.

What: for each page name, the key of the inputs it was drawn from and the digest and size
of the bytes written for them. A key is a BLAKE2b digest of okrctl's version and code (as
the value cache keys itself), Python's version, the page's name, the function drawing it
and its inputs pickled (`PageKeys`). A rerun draws a page again unless its key is the one
recorded and its file in the output folder (a regular file, no link followed) holds
exactly the bytes recorded: anything else (no entry, another key, a file edited, removed,
or replaced by a link or a FIFO, a corrupt or foreign cache) draws and writes it as
without the cache. With them, the key of the whole site (`site_key`: the repo's files, the
day, the cycle, the organization, okrctl): a rerun whose site key is the one recorded, every
page's file as written, has nothing to score or draw. Writes are atomic and any error
reading or writing the cache is ignored (as the value cache does).
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import marshal
import operator
import os
import pickle
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

# The value cache's versions, file checks and quiet atomic writes: the same for this cache.
from okrctl.load.cache import VERSIONS, cache_file, payload_digest, read_checked
from okrctl.load.cache_files import write_atomic
from okrctl.results import scores, views
from okrctl.results.scores import ObjectiveScore

_MAGIC = f"okrctl-pages 1 {VERSIONS} python {sys.version}\n".encode()
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NO_BLOCK = getattr(os, "O_NONBLOCK", 0)

Entry = tuple[bytes, bytes, int]  # the key of the inputs, the digest and size of the bytes


class Page(Protocol):
    """A page not drawn yet (`okrctl.render.html.PageSource`): `draw(*inputs)` is its
    HTML, a function of `inputs` and okrctl's code alone."""

    @property
    def name(self) -> str: ...
    @property
    def inputs(self) -> tuple[object, ...]: ...
    @property
    def draw(self) -> Callable[..., str]: ...
    def html(self) -> str: ...


def _by_fields(cls: type) -> Callable[[Any], tuple[type, tuple[object, ...]]]:
    """A pickle reducer of a frozen result dataclass: its class and the values of the
    fields that make its equality (a cache field such as `CycleScore._by_id` left out).
    In C (attrgetter) where pickle's default runs two Python functions per object."""
    names = [f.name for f in dataclasses.fields(cls) if f.compare]
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda obj: (cls, (one(obj),))
    values = operator.attrgetter(*names)
    return lambda obj: (cls, values(obj))


# Every result dataclass a page is drawn from (the score and view results).
_FIELDS_TABLE: dict[type, Any] = {**copyreg.dispatch_table}
for _module in (scores, views):
    for _value in vars(_module).values():
        if (
            isinstance(_value, type)
            and dataclasses.is_dataclass(_value)
            and _value.__module__ == _module.__name__
        ):
            _FIELDS_TABLE[_value] = _by_fields(_value)


def _pickled(value: object, table: dict[type, Any]) -> bytes:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.dispatch_table = table
    # No memo: equal values pickle alike however the loader shared their strings (a value
    # cache filled or not), and the results hold no cycle (one would raise ValueError).
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()


class PageKeys:
    """Page keys of one site. Pickle is exact for the results' values (str, int, float,
    bool, None, dates, enums, tuples, dicts in order: `1`, `1.0` and `True` differ), so
    different inputs give different keys, and without its memo equal inputs give equal
    keys (should they not, a page is drawn again, never wrong). Each objective is pickled
    once for every page that shows it: by the digest of its own pickle."""

    def __init__(self) -> None:
        # id -> (the objective, its digest): the objective held, so that its id is not
        # reused by another object during the run.
        self._objectives: dict[int, tuple[ObjectiveScore, bytes]] = {}
        self._table = {**_FIELDS_TABLE, ObjectiveScore: self._objective}

    def _objective(self, obj: ObjectiveScore) -> tuple[type, tuple[bytes]]:
        held = self._objectives.get(id(obj))
        if held is None:
            found = hashlib.blake2b(_pickled(obj, _FIELDS_TABLE), digest_size=32).digest()
            held = self._objectives[id(obj)] = (obj, found)
        return ObjectiveScore, (held[1],)

    def key(self, page: Page) -> bytes | None:
        """The key of `page`; None when its inputs do not pickle (drawn, not cached)."""
        draw = page.draw
        try:
            data = _pickled(
                (page.name, f"{draw.__module__}.{draw.__qualname__}", page.inputs), self._table
            )
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
            return None
        h = hashlib.blake2b(_MAGIC, digest_size=32)
        h.update(data)
        return h.digest()


def read_regular(real: str, limit: int) -> bytes | None:
    """The bytes of the regular file at `real` (no link followed, a FIFO never waited on)
    when it holds at most `limit` bytes; None for anything else. Reads at most one byte
    more than `limit`: a file growing meanwhile is not read to its end."""
    try:
        fd = os.open(real, os.O_RDONLY | _NO_FOLLOW | _NO_BLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks, left = [], limit + 1
        while left and (chunk := os.read(fd, left)):
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def site_key(repo_fingerprint: str | None, *inputs: str) -> bytes | None:
    """The key of a whole site: okrctl's version and code, the repo's fingerprint (every
    file's path and bytes: `okrctl.load.cache.fingerprint`) and `inputs` (the day, the cycle,
    the organization's name); None without a fingerprint (the cache off, a git revision)."""
    if repo_fingerprint is None:
        return None
    h = hashlib.blake2b(_MAGIC, digest_size=32)
    for part in (repo_fingerprint, *inputs):
        h.update(f"{len(part)}:{part}".encode("utf-8", "surrogatepass"))
    return h.digest()


class PageCache:
    """The page cache of the output folder at the real path `folder`, for one run:
    `key`, then `kept` or (drawn and written) `record`, each page; `save` at the end.
    `kept_site`: the whole site at once, before anything is scored."""

    def __init__(self, folder: str, repo: Path | None) -> None:
        """`repo`: the strategy repo drawn; its cache folder a pull request could fill
        (`okrctl.load.cache_files`) turns the page cache off too, wherever the site is."""
        self.folder = folder
        values = cache_file(Path(folder))
        if repo is not None and cache_file(repo) is None:
            values = None
        self.path = None if values is None else values.with_name("pages")
        self._site, self._names, self._old = _read(self.path) if self.path else _NOTHING
        self._new: dict[str, Entry] = {}
        self._every_page_keyed = True
        self._keys = PageKeys()

    def key(self, page: Page) -> bytes | None:
        return None if self.path is None else self._keys.key(page)

    def kept(self, name: str, key: bytes | None) -> bool:
        """Whether the page's file holds what was written for `key` (then recorded again)."""
        entry = self._old.get(name)
        if key is None or entry is None or entry[0] != key or not self._holds(name, entry):
            return False
        self._new[name] = entry
        return True

    def _holds(self, name: str, entry: Entry) -> bool:
        data = read_regular(os.path.join(self.folder, name), entry[2])
        return data is not None and len(data) == entry[2] and _page_digest(data) == entry[1]

    def kept_site(self, key: bytes | None) -> tuple[str, ...] | None:
        """The names of the site's pages when the last run drew them all from the inputs of
        `key` and every page's file holds what it wrote; else None."""
        if key is None or self._site != key:
            return None
        for name in self._names:
            entry = self._old.get(name)
            if entry is None or not self._holds(name, entry):
                return None
        return self._names

    def record(self, name: str, key: bytes | None, data: bytes) -> None:
        """The page `name` now holds `data`, drawn from the inputs of `key`."""
        if key is None:
            self._new.pop(name, None)
            self._every_page_keyed = False
        else:
            self._new[name] = (key, _page_digest(data), len(data))

    def save(self, names: Sequence[str], site: bytes | None = None) -> None:
        """Keep the entries of this run's pages, `names` (those of pages gone are dropped);
        with the key of the whole `site` when every page has an entry."""
        if self.path is None:
            return
        whole = site if self._every_page_keyed and set(names) == set(self._new) else None
        names = tuple(names) if whole is not None else ()
        if (whole, names, self._new) == (self._site, self._names, self._old):
            return
        payload = marshal.dumps((whole or b"", names, self._new))
        write_atomic(self.path, _MAGIC, payload_digest(payload), payload)


def _page_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


_NOTHING: tuple[bytes | None, tuple[str, ...], dict[str, Entry]] = (None, (), {})


def _read(path: Path) -> tuple[bytes | None, tuple[str, ...], dict[str, Entry]]:
    """The site's key, its pages' names and every page's entry, from a cache file this
    module wrote; nothing for anything else."""
    payload = read_checked(path, _MAGIC)
    if payload is None:
        return _NOTHING
    try:
        found = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):  # pragma: no cover - the hash matched
        return _NOTHING
    if not (type(found) is tuple and len(found) == 3):
        return _NOTHING
    site, names, entries = found
    if not (
        type(site) is bytes
        and type(names) is tuple
        and all(type(name) is str for name in names)
        and type(entries) is dict
    ):
        return _NOTHING
    for name, entry in entries.items():
        if not (
            type(name) is str
            and type(entry) is tuple
            and len(entry) == 3
            and type(entry[0]) is bytes
            and type(entry[1]) is bytes
            and type(entry[2]) is int
        ):
            return _NOTHING
    return site or None, names, entries
