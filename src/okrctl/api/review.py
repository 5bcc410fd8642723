"""`okrctl review weekly|monthly|quarterly`: the WBR, MBR and QBR of one cycle.

Every figure is scored on a day from the check-ins dated up to that day, so a review made
later for an earlier `--as-of` shows what the meeting would have seen. The weekly review
compares with the state 7 days earlier, the monthly one with the same day a month earlier.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from okrctl.api.files import cannot_write, inside, make_folder, write_atomic
from okrctl.api.review_qbr import quarterly
from okrctl.api.review_views import Views, month_before
from okrctl.api.scoring import AsOf, Workspace, open_workspace
from okrctl.model import Checkin
from okrctl.model.common import Direction
from okrctl.model.dates import shift
from okrctl.model.errors import OkrctlError
from okrctl.score.results import Value
from okrctl.score.reviews import (
    Blocker,
    CheckinEvent,
    ConfidenceTrend,
    InitiativeItem,
    KpiMove,
    MonthlyReview,
    OwnerGroup,
    ProgressMove,
    Review,
    ReviewHead,
    ReviewKind,
    StaleItem,
    StatusChange,
    ThemeMove,
    WeeklyReview,
)


@dataclass(frozen=True)
class ReviewResult:
    workspace: Workspace
    review: Review


def _delta(value: Value, previous: Value | None) -> float | None:
    if previous is None or isinstance(value, bool) or isinstance(previous, bool):
        return None
    return round(float(value) - float(previous), 10)


def _events(
    checkins: Sequence[Checkin] | None,
    baseline: Value | None,
    head: tuple[str, str, str, str | None, str | None],
    views: Views,
) -> Iterator[CheckinEvent]:
    kind, ref, title, owner, unit = head
    previous = baseline
    for c in sorted(checkins or (), key=lambda c: c.date):  # stable: file order on one day
        if views.in_window(c.date):
            yield CheckinEvent(
                kind,
                ref,
                title,
                owner,
                unit,
                c.date,
                c.value,
                previous,
                _delta(c.value, previous),
                c.confidence,
                c.note,
                tuple(c.blockers),
                c.source,
            )
        previous = c.value


def _kr_events(views: Views) -> list[CheckinEvent]:
    out: list[CheckinEvent] = []
    for oid, doc in views.repo.cycles[views.cycle_id].objectives.items():
        for kr in doc.model.key_results:
            owner = kr.owner or doc.model.owner
            head = ("key-result", f"{oid}/{kr.id}", kr.title, owner, kr.unit)
            base = None if kr.effective_direction is Direction.MILESTONE else kr.baseline
            out += _events(kr.checkins, base, head, views)
    return sorted(out, key=lambda e: (e.date, e.ref))


def _kpi_events(views: Views) -> list[CheckinEvent]:
    out: list[CheckinEvent] = []
    for kid, doc in views.repo.cycles[views.cycle_id].kpis.items():
        k = doc.model
        out += _events(k.checkins, k.baseline, ("kpi", kid, k.title, k.owner, k.unit), views)
    return sorted(out, key=lambda e: (e.date, e.ref))


def _blockers(events: Sequence[CheckinEvent]) -> tuple[Blocker, ...]:
    """Each blocker once per key result or KPI, at the latest check-in that names it."""
    found: dict[tuple[str, str, str], Blocker] = {}
    for e in sorted(events, key=lambda e: e.date):
        for text in e.blockers:
            key = (e.kind, e.ref, text)
            times = found[key].times + 1 if key in found else 1
            found.pop(key, None)  # re-inserted: the order is that of the latest mention
            found[key] = Blocker(e.ref, e.title, e.owner, e.date, text, times)
    return tuple(sorted(found.values(), key=lambda b: (b.date, b.ref)))


def _stale(views: Views) -> tuple[OwnerGroup, ...]:
    groups: dict[str | None, list[StaleItem]] = defaultdict(list)
    for o in views.now.objectives():
        for k in o.key_results:
            if k.stale:
                item = StaleItem(
                    "key-result", f"{o.id}/{k.id}", k.title, k.last_checkin, views.cadence
                )
                groups[k.owner].append(item)
    for kpi in views.now.kpis:
        if kpi.stale:
            groups[kpi.owner].append(
                StaleItem("kpi", kpi.id, kpi.title, kpi.last_checkin, kpi.frequency)
            )
    order = sorted(groups, key=lambda owner: (owner is None, owner or ""))
    return tuple(OwnerGroup(owner, tuple(groups[owner])) for owner in order)


def _changes(views: Views) -> tuple[StatusChange, ...]:
    out: list[StatusChange] = []
    before_objectives = {o.id: o for o in views.then.objectives()}
    for o in views.now.objectives():
        b = before_objectives.get(o.id)
        if b is None:
            continue
        if b.status is not o.status:
            out.append(StatusChange("objective", o.id, o.title, o.owner, b.status, o.status))
        before_krs = {k.id: k for k in b.key_results}
        for k in o.key_results:
            bk = before_krs.get(k.id)
            if bk is not None and bk.status is not k.status:
                ref = f"{o.id}/{k.id}"
                out.append(StatusChange("key-result", ref, k.title, k.owner, bk.status, k.status))
    before_kpis = {k.id: k for k in views.then.kpis}
    for kpi in views.now.kpis:
        bkpi = before_kpis.get(kpi.id)
        if bkpi is not None and bkpi.status is not kpi.status:
            out.append(StatusChange("kpi", kpi.id, kpi.title, kpi.owner, bkpi.status, kpi.status))
    return tuple(out)


def weekly(ws: Workspace, cycle_id: str) -> WeeklyReview:
    """The WBR: the last 7 days' check-ins and KPI updates, what is stale, blockers, and
    status changes since the same day last week.
    """
    views = Views(ws, cycle_id, ReviewKind.WEEKLY, shift(ws.scorer.as_of, -7))
    krs, kpis = _kr_events(views), _kpi_events(views)
    return WeeklyReview(
        views.head,
        tuple(krs),
        tuple(kpis),
        _stale(views),
        _blockers(krs + kpis),
        _changes(views),
    )


def _initiatives(views: Views) -> list[InitiativeItem]:
    out = []
    for o in views.now.objectives():
        for k in o.key_results:
            for i in k.initiatives:
                out.append(
                    InitiativeItem(
                        f"{o.id}/{k.id}",
                        i.id,
                        i.title,
                        i.owner,
                        i.due,
                        i.status,
                        i.progress,
                        i.overdue,
                    )
                )
    return out


def _by_due(items: Sequence[InitiativeItem]) -> tuple[InitiativeItem, ...]:
    return tuple(sorted(items, key=lambda i: (i.due or dt.date.max, i.ref, i.id)))


def monthly(ws: Workspace, cycle_id: str) -> MonthlyReview:
    """The MBR: progress over the month by theme and objective, blockers, initiative status
    (overdue, blocked, done), confidence trends and the KPIs' movement.
    """
    views = Views(ws, cycle_id, ReviewKind.MONTHLY, month_before(ws.scorer.as_of))
    then_themes = {t.id: t for t in views.then.themes}
    themes = []
    for t in views.now.themes:
        bt = then_themes.get(t.id)
        before = {o.id: o for o in bt.objectives} if bt else {}
        moves = []
        for o in t.objectives:
            b = before.get(o.id)
            moves.append(
                ProgressMove(
                    o.id,
                    o.title,
                    o.owner,
                    b.progress if b else None,
                    o.progress,
                    b.status if b else None,
                    o.status,
                )
            )
        head = ProgressMove(
            t.id,
            t.name,
            None,
            bt.progress if bt else None,
            t.progress,
            bt.status if bt else None,
            t.status,
        )
        themes.append(ThemeMove(head, tuple(moves)))
    initiatives = _initiatives(views)
    then_krs = {(o.id, k.id): k for o in views.then.objectives() for k in o.key_results}
    trends = []
    for o in views.now.objectives():
        for k in o.key_results:
            bk = then_krs.get((o.id, k.id))
            was = bk.confidence if bk else None
            if was is not None or k.confidence is not None:
                trends.append(
                    ConfidenceTrend(f"{o.id}/{k.id}", k.title, k.owner, was, k.confidence)
                )
    then_kpis = {k.id: k for k in views.then.kpis}
    kpis = tuple(
        KpiMove(
            k.id,
            k.title,
            k.unit,
            then_kpis[k.id].current,
            k.current,
            then_kpis[k.id].status,
            k.status,
        )
        for k in views.now.kpis
    )
    events = _kr_events(views) + _kpi_events(views)
    return MonthlyReview(
        views.head,
        tuple(themes),
        _blockers(events),
        _by_due([i for i in initiatives if i.overdue]),
        _by_due([i for i in initiatives if i.status == "blocked"]),
        _by_due([i for i in initiatives if i.status == "done"]),
        tuple(trends),
        kpis,
    )


_BUILDERS: dict[ReviewKind, Callable[[Workspace, str], Review]] = {
    ReviewKind.WEEKLY: weekly,
    ReviewKind.MONTHLY: monthly,
    ReviewKind.QUARTERLY: quarterly,
}


def review(
    root: Path, kind: ReviewKind, as_of: AsOf | dt.date, cycle: str | None = None
) -> ReviewResult:
    """Build the review of the chosen (or active) cycle on `as_of`."""
    ws = open_workspace(root, as_of)
    cycle_id = ws.cycle_id(cycle)
    return ReviewResult(ws, _BUILDERS[kind](ws, cycle_id))


def review_path(root: Path, head: ReviewHead) -> Path:
    """reviews/<cycle>/<kind>-<as-of>.md in the strategy repo."""
    return root / "reviews" / head.cycle / f"{head.kind.value}-{head.as_of.isoformat()}.md"


def save(path: Path, text: str, force: bool, root: Path | None = None) -> None:
    """Write a review (or retrospective) atomically; never overwrite one unless `force`.
    A path that cannot be written (a file or folder in the way, no permission) is a usage
    error naming it, and nothing is written; so is, with `root`, a path leading out of that
    repo (reviews/ a link to elsewhere)."""
    if root is not None:
        inside(root, path)
    if path.is_dir():
        raise OkrctlError(f"cannot write {path}: it is a folder; nothing was written")
    if path.exists() and not force:
        raise OkrctlError(f"{path} already exists: use --force to replace it")
    make_folder(path.parent, root)
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise cannot_write(path, exc) from None
