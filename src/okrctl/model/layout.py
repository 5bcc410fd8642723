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
from dataclasses import dataclass
from enum import StrEnum

# An id is a file or folder name stem: lowercase letters, digits and '-', at most 63.
ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62})$"
ID_RE = re.compile(ID_PATTERN)

CONFIG_FILE = "okrctl.yaml"
CYCLES = "cycles"
CYCLE_FILE = "cycle.yaml"
OBJECTIVES = "objectives"
KPIS = "kpis"
REVIEWS = "reviews"
SUFFIX = ".yaml"


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
