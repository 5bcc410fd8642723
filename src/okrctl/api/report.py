"""`okrctl report --html`: gather what the static control center shows, and write it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from okrctl.api.files import cannot_write, make_folder, write_atomic
from okrctl.api.kpis import kpi_scores
from okrctl.api.report_cache import Page, PageCache, read_regular, site_key
from okrctl.api.scoring import AsOf, Outcome, Workspace, open_workspace, outcome_of
from okrctl.model import Checkin
from okrctl.model.errors import OkrctlError
from okrctl.model.grading import checkins_until
from okrctl.model.objective import Adjustment
from okrctl.results.scores import CycleScore
from okrctl.results.views import AlignmentTree, Change, Point
from okrctl.score.tree import alignment_tree

# Lists the files of the last report, so that a rerun may replace them (and only them).
MARKER = ".okrctl-report"


@dataclass(frozen=True)
class ReportData:
    outcome: Outcome
    organization: str
    score: CycleScore
    tree: AlignmentTree
    series: dict[tuple[str, str], tuple[Point, ...]]  # (objective id, KR id) -> check-ins by then
    # (objective id, KR id or None for the objective itself) -> its adjustments by date
    changes: dict[tuple[str, str | None], tuple[Change, ...]] = dataclasses.field(
        default_factory=dict
    )
    site: bytes | None = None  # the page cache's key of the whole site (`report_site`)


_DATE = operator.attrgetter("date")


def points(checkins: Sequence[Checkin] | None, day: dt.date) -> tuple[Point, ...]:
    """The check-ins known on `day`, by date; on equal dates in file order."""
    ordered = sorted(checkins_until(checkins, day), key=_DATE)  # stable: file order kept
    return tuple(
        [
            Point(
                c.date,
                c.value,
                None if c.confidence is None else float(c.confidence),
                c.note,
                tuple(c.blockers),
            )
            for c in ordered
        ]
    )


def changes(adjustments: Sequence[Adjustment], day: dt.date) -> tuple[Change, ...]:
    """The adjustments made by `day`, by date (on equal dates in file order), values as
    written."""
    ordered = sorted((a for a in adjustments if a.date <= day), key=_DATE)  # stable

    def shown(value: object) -> float | int | str:
        return value if isinstance(value, int | float) else str(getattr(value, "value", value))

    return tuple(Change(a.date, a.field, shown(a.from_), shown(a.to), a.reason) for a in ordered)


def report_data(root: Path, as_of: AsOf | dt.date, cycle: str | None = None) -> ReportData:
    """Scores, alignment and check-in series of the chosen (or active) cycle."""
    ws = open_workspace(root, as_of)
    return _report_data(ws, ws.cycle_id(cycle), _organization(ws, root))


@dataclass(frozen=True)
class KeptSite:
    """A site the page cache knows: drawn from these very inputs, its files as written."""

    outcome: Outcome
    pages: list[Path]


def report_site(
    root: Path, as_of: AsOf | dt.date, out_dir: Path, cycle: str | None = None
) -> ReportData | KeptSite:
    """`report_data` for the site in `out_dir`; a `KeptSite` (nothing scored) when the page
    cache knows that folder's site as drawn from the same repo files, day, cycle and code,
    and every file there as written then."""
    ws = open_workspace(root, as_of)
    cycle_id = ws.cycle_id(cycle)
    organization = _organization(ws, root)
    key = site_key(ws.repo.fingerprint, ws.scorer.as_of.isoformat(), cycle_id, organization)
    if key is not None and out_dir.is_dir():
        folder = os.path.realpath(out_dir)
        names = PageCache(folder, root).kept_site(key)
        # The marker too: it says which files a rerun may replace.
        if names is not None and _holds(os.path.join(folder, MARKER), _listing(names)):
            return KeptSite(outcome_of(ws), [out_dir / name for name in names])
    return dataclasses.replace(_report_data(ws, cycle_id, organization), site=key)


def _organization(ws: Workspace, root: Path) -> str:
    config = ws.repo.config.model if ws.repo.config else None
    return config.organization if config else root.name


def _report_data(ws: Workspace, cycle_id: str, organization: str) -> ReportData:
    files = ws.repo.cycles[cycle_id]
    day = ws.scorer.as_of  # a check-in or adjustment after it has not happened yet
    series = {
        (objective_id, kr.id): points(kr.checkins, day)
        for objective_id, doc in files.objectives.items()
        for kr in doc.model.key_results
    }
    adjusted: dict[tuple[str, str | None], tuple[Change, ...]] = {}
    for objective_id, doc in files.objectives.items():
        adjusted[(objective_id, None)] = changes(doc.model.adjustments, day)
        for kr in doc.model.key_results:
            adjusted[(objective_id, kr.id)] = changes(kr.adjustments, day)
    scored = ws.scorer.cycle(cycle_id)
    # The scorecard shows every KPI the cycle sees (its parents' too), as `okrctl kpis` does.
    score = dataclasses.replace(scored, kpis=kpi_scores(ws, cycle_id, scored))
    return ReportData(
        outcome_of(ws),
        organization,
        score,
        alignment_tree(ws.scorer, cycle_id, scored),
        series,
        {key: found for key, found in adjusted.items() if found},
    )


def _previous(out_dir: Path) -> set[str]:
    """The files the last report wrote here; OkrctlError when the folder holds other things."""
    if not out_dir.exists():
        return set()
    if not out_dir.is_dir():
        raise OkrctlError(f"{out_dir} exists and is not a folder")
    marker = out_dir / MARKER
    if marker.is_file():
        return {line for line in marker.read_text(encoding="utf-8").splitlines() if line}
    if any(out_dir.iterdir()):
        raise OkrctlError(
            f"{out_dir} is not empty and holds no earlier okrctl report; "
            "name a new or empty folder (nothing written)"
        )
    return set()


def _holds(real: str, data: bytes) -> bool:
    """Whether the regular file at `real` (no link followed) holds exactly `data`."""
    return read_regular(real, len(data)) == data


def _write_page(folder: str, path: Path, data: bytes, *, durable: bool = False) -> bool:
    """Write one file of the site, atomically, unless it holds these bytes already: a
    rerun on an unchanged repo rewrites nothing (and each unchanged page keeps its mtime).
    A symbolic link in its place is replaced by the file (a folder committed with a pull
    request may hold one leading out of it).
    A page needs no fsync: a rerun makes it again. True when the file was written."""
    real = os.path.join(folder, path.name)
    if _holds(real, data):
        return False
    try:
        if os.path.islink(real):  # replaced, never written through: it may lead anywhere
            os.unlink(real)
        write_atomic(path, data, durable=durable)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    return True


class WrittenSite(NamedTuple):
    """The pages of a site written by `write_site`, how many of them changed, and how many
    were drawn (the others' inputs and files were as the page cache recorded them)."""

    pages: list[Path]
    changed: int
    drawn: int


def write_site(
    out_dir: Path,
    pages: Mapping[str, str] | Iterable[tuple[str, str] | Page],
    names: Collection[str] = (),
    site: bytes | None = None,
    repo: Path | None = None,
) -> WrittenSite:
    """Write the pages (file name -> HTML, or such pairs or `Page`s as they are made) into
    `out_dir`, replacing an earlier report there (and removing its pages that no longer
    exist); refuse a folder holding anything else. `names`: the pages to come, when `pages`
    makes them one at a time. A `Page` is drawn only when the page cache does not know its
    inputs and file (`okrctl.api.report_cache`). Returns every page of the site, how many
    were written (a page whose file held its bytes already is left as it was) and drawn.
    `site`: the key of the whole site, recorded with the pages' (`report_site`); `repo`: the
    strategy repo drawn (no page cache when its own cache is off for being exposed)."""
    old = _previous(out_dir)
    try:
        make_folder(out_dir)
    except OkrctlError as exc:
        raise OkrctlError(f"{exc.message}; nothing was written") from None
    folder = os.path.realpath(out_dir)
    if not old.issuperset(names):
        # Listed before they are written: should a run stop half way, the next one still
        # knows every file here as its own.
        _write_page(folder, out_dir / MARKER, _listing(old.union(names)), durable=True)
    made = sorted(pages.items()) if isinstance(pages, Mapping) else pages
    cache = PageCache(folder, repo)
    written: dict[str, Path] = {}
    changed = drawn = 0
    for item in made:
        if isinstance(item, tuple):
            name, text = item
            key = None
        else:
            name, key = item.name, cache.key(item)
            if cache.kept(name, key):
                written[name] = out_dir / name
                continue
            text = item.html()
        drawn += 1
        data = text.encode("utf-8")
        changed += _write_page(folder, out_dir / name, data)
        cache.record(name, key, data)
        written[name] = out_dir / name
    for name in sorted(old - set(written)):
        # Only plain names the marker may list: never a path leaving the folder.
        if "/" not in name and "\\" not in name and name.endswith(".html"):
            try:
                (out_dir / name).unlink(missing_ok=True)
            except OSError as exc:
                raise cannot_write(out_dir / name, exc) from None
    # What a rerun may replace.
    _write_page(folder, out_dir / MARKER, _listing(written), durable=True)
    cache.save(list(written), site)
    return WrittenSite(list(written.values()), changed, drawn)


def _listing(names: Iterable[str]) -> bytes:
    return "".join(f"{name}\n" for name in sorted(names)).encode("utf-8")
