"""The one place the repo's file layout is spelled out (no pydantic here).

    okrctl.yaml
    cycles/<cycle>/cycle.yaml
    cycles/<cycle>/objectives/<objective>.yaml
    cycles/<cycle>/kpis/<kpi>.yaml
    reviews/<cycle>/...

Every path okrctl builds from folder names comes from here, and `classify` reads one back.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

# An id is a file or folder name stem: letters, digits and '-', at most 63. Capitals are
# allowed (`FY20-Q2`, `CEO`: real programmes write them) but ids compare case-insensitively
# (`same_id`), since on macOS and Windows `FY20-Q2` and `fy20-q2` are one folder.
ID_CHARS = r"[A-Za-z0-9][A-Za-z0-9-]{0,62}"
ID_PATTERN = rf"^{ID_CHARS}$"
ID_RE = re.compile(ID_PATTERN)
# `<objective-id>` or `<cycle-id>/<objective-id>`.
OBJECTIVE_REF_PATTERN = rf"^(?:{ID_CHARS}/)?{ID_CHARS}$"

CONFIG_FILE = "okrctl.yaml"
CYCLES = "cycles"
CYCLE_FILE = "cycle.yaml"
OBJECTIVES = "objectives"
KPIS = "kpis"
REVIEWS = "reviews"
SUFFIX = ".yaml"


def id_key(ident: str) -> str:
    """The form ids are compared in: two ids with the same key name the same thing."""
    return ident.casefold()


def same_id(a: str, b: str) -> bool:
    return id_key(a) == id_key(b)


class IdSet(Collection[str]):
    """Ids with their case-insensitive lookup built once (a resolver asks a thousand-file
    cycle about ids it does not hold many times; scanning it each time was quadratic)."""

    __slots__ = ("_ids", "_keys")

    def __init__(self, ids: Collection[str]) -> None:
        self._ids = ids
        self._keys: dict[str, str] | None = None

    def __contains__(self, ident: object) -> bool:
        return ident in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def find(self, ident: str) -> str | None:
        if ident in self._ids:
            return ident
        if self._keys is None:
            self._keys = {}
            for known in self._ids:
                self._keys.setdefault(id_key(known), known)  # the first spelling wins
        return self._keys.get(id_key(ident))


def find_id(ident: str, known: Iterable[str]) -> str | None:
    """The id of `known` that `ident` names: itself when present, else the one equal to it
    but for case (None when there is none)."""
    if isinstance(known, IdSet):
        return known.find(ident)
    names = known if isinstance(known, Collection) else list(known)
    if ident in names:
        return ident
    key = id_key(ident)
    return next((k for k in names if id_key(k) == key), None)


def cycle_dir(cycle: str) -> str:
    return f"{CYCLES}/{cycle}"


def cycle_file(cycle: str) -> str:
    return f"{CYCLES}/{cycle}/{CYCLE_FILE}"


def objectives_dir(cycle: str) -> str:
    return f"{CYCLES}/{cycle}/{OBJECTIVES}"


def kpis_dir(cycle: str) -> str:
    return f"{CYCLES}/{cycle}/{KPIS}"


def objective_file(cycle: str, objective: str) -> str:
    return f"{CYCLES}/{cycle}/{OBJECTIVES}/{objective}{SUFFIX}"


def kpi_file(cycle: str, kpi: str) -> str:
    return f"{CYCLES}/{cycle}/{KPIS}/{kpi}{SUFFIX}"


def reviews_dir(cycle: str) -> str:
    return f"{REVIEWS}/{cycle}"


class FileKind(StrEnum):
    CONFIG = "config"
    CYCLE = "cycle"
    OBJECTIVE = "objective"
    KPI = "kpi"


@dataclass(frozen=True)
class FileRef:
    """What a path of the strategy repo holds: (kind, cycle id, object id)."""

    kind: FileKind
    cycle: str
    id: str


_PATH_RE = re.compile(
    rf"^{CYCLES}/([^/]+)/(?:({OBJECTIVES}|{KPIS})/([^/]+)\{SUFFIX}|{re.escape(CYCLE_FILE)})$"
)


def classify(rel: str) -> FileRef | None:
    """The kind of file at a strategy-repo path; None for files okrctl does not read."""
    if rel == CONFIG_FILE:
        return FileRef(FileKind.CONFIG, "", "okrctl")
    m = _PATH_RE.match(rel)
    if m is None:
        return None
    cycle, folder, ident = m.groups()
    if folder is None:
        return FileRef(FileKind.CYCLE, cycle, cycle)
    return FileRef(FileKind.OBJECTIVE if folder == OBJECTIVES else FileKind.KPI, cycle, ident)
