"""The WBR and the MBR built from scores: frozen data (okrctl.results.reviews) that the
renderers turn into Markdown, text or JSON.

Every figure is scored on a day from the check-ins dated up to that day, so a review made
later for an earlier `--as-of` shows what the meeting would have seen. The weekly review
compares with the state 7 days earlier, the monthly one with the same day a month earlier.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

from okrctl.model import Checkin
from okrctl.model.common import Direction
from okrctl.model.dates import shift
from okrctl.model.review_kinds import ReviewKind
from okrctl.results.reviews import (
    Blocker,
    CheckinEvent,
    ConfidenceTrend,
    InitiativeItem,
    KpiMove,
    MonthlyReview,
    OwnerGroup,
    ProgressMove,
    Review,
    StaleItem,
    StatusChange,
    ThemeMove,
    WeeklyReview,
)
from okrctl.results.scores import Value
from okrctl.score.cycle import Scorer
from okrctl.score.review_qbr import quarterly
from okrctl.score.review_views import Views, month_before


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


def weekly(scorer: Scorer, cycle_id: str) -> WeeklyReview:
    """The WBR: the last 7 days' check-ins and KPI updates, what is stale, blockers, and
    status changes since the same day last week.
    """
    views = Views(scorer, cycle_id, ReviewKind.WEEKLY, shift(scorer.as_of, -7))
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


def _theme_moves(views: Views) -> tuple[ThemeMove, ...]:
    """Each theme's and each of its objectives' progress and status then and now."""
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
                    o.links,
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
    return tuple(themes)


def _confidence_trends(views: Views) -> tuple[ConfidenceTrend, ...]:
    """The key results with a confidence then or now, with both."""
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
    return tuple(trends)


def _kpi_moves(views: Views) -> tuple[KpiMove, ...]:
    """Each KPI's value and status then and now."""
    then_kpis = {k.id: k for k in views.then.kpis}
    return tuple(
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


def monthly(scorer: Scorer, cycle_id: str) -> MonthlyReview:
    """The MBR: progress over the month by theme and objective, blockers, initiative status
    (every initiative of the cycle with its status and progress, and the overdue, blocked
    and done ones apart), confidence trends and the KPIs' movement.
    """
    views = Views(scorer, cycle_id, ReviewKind.MONTHLY, month_before(scorer.as_of))
    initiatives = _initiatives(views)
    events = _kr_events(views) + _kpi_events(views)
    return MonthlyReview(
        views.head,
        _theme_moves(views),
        _blockers(events),
        _by_due([i for i in initiatives if i.overdue]),
        _by_due([i for i in initiatives if i.status == "blocked"]),
        _by_due([i for i in initiatives if i.status == "done"]),
        _confidence_trends(views),
        _kpi_moves(views),
        _by_due(initiatives),
    )


BUILDERS: dict[ReviewKind, Callable[[Scorer, str], Review]] = {
    ReviewKind.WEEKLY: weekly,
    ReviewKind.MONTHLY: monthly,
    ReviewKind.QUARTERLY: quarterly,
}


def build(scorer: Scorer, kind: ReviewKind, cycle_id: str) -> Review:
    """The review of one kind of a cycle, scored on the scorer's day."""
    return BUILDERS[kind](scorer, cycle_id)
