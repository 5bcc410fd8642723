"""The WBR, MBR and QBR as Markdown (to paste into a meeting document or commit under
`reviews/`), plain text or JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from okrctl.render import document as doc
from okrctl.render.document import Block, Fmt, Heading, Items, MarkdownFmt, Para, table
from okrctl.render.escape import dump_json, markdown_link
from okrctl.render.jsondata import json_data
from okrctl.render.review_qbr import head_line, quarterly_blocks
from okrctl.render.style import label, number, percent
from okrctl.results.reviews import (
    Blocker,
    CheckinEvent,
    InitiativeItem,
    MonthlyReview,
    ProgressMove,
    QuarterlyReview,
    Review,
    ReviewHead,
    WeeklyReview,
)
from okrctl.results.scores import LinkView, Status, Value

TITLES = {"weekly": "WBR", "monthly": "MBR", "quarterly": "QBR"}


def signed(value: float | None) -> str:
    """A change: '+2', '-0.5', '0'; '–' when there is none."""
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + number(value)


def with_unit(value: Value | None, unit: str | None, f: Fmt) -> str:
    if value is None or isinstance(value, bool) or not unit:
        return number(value)
    return f"{number(value)}{'' if unit == '%' else ' '}{f.t(unit)}"


def _change(before: Status | None, after: Status | None) -> str:
    if before is None or before is after:
        return label(after)
    return f"{label(before)} → {label(after)}"


def _checkins(events: tuple[CheckinEvent, ...], f: Fmt, kpi: bool, h: ReviewHead) -> list[Block]:
    if not events:
        return [Para(f"No {'KPI updates' if kpi else 'check-ins'} this week.")]
    rows = []
    for e in events:
        note = f.t(e.note) if e.note else ""
        if e.blockers:
            count = f"{len(e.blockers)} blocker{'s' * (len(e.blockers) != 1)}"
            note = f"{note} ({count})" if note else count
        if e.source:  # a measured value: say where it came from
            measured = f"measured from {f.t(e.source)}"
            note = f"{note}; {measured}" if note else measured
        row = [
            f"{f.t(e.title)} ({f.code(e.ref)})",
            f.t(h.who(e.owner)),
            str(e.date),
            with_unit(e.value, e.unit, f),
            signed(e.delta),
        ]
        if not kpi:
            row.append(number(e.confidence) if e.confidence is not None else "–")
        rows.append((*row, note))
    if kpi:
        return [table(("KPI", "Owner", "Date", "Value", "Change", "Note"), rows, (3, 4))]
    headers = ("Key result", "Owner", "Date", "Value", "Change", "Confidence", "Note")
    return [table(headers, rows, (3, 4, 5))]


def _blockers(blockers: tuple[Blocker, ...], f: Fmt, period: str, h: ReviewHead) -> list[Block]:
    if not blockers:
        return [Para(f"No blockers raised {period}.")]
    return [
        Items(
            tuple(
                f"{b.date} · {f.t(b.title)} ({f.code(b.ref)}, {f.t(h.who(b.owner))}): {f.t(b.text)}"
                + (f" (named in {b.times} check-ins)" if b.times > 1 else "")
                for b in blockers
            )
        )
    ]


def weekly_blocks(r: WeeklyReview, f: Fmt) -> list[Block]:
    h = r.head
    first = h.since + dt.timedelta(days=1)
    window = f"check-ins from {first} to {h.as_of}"
    if first > h.as_of:  # the week to 0001-01-01: the calendar has no earlier day
        window = f"no earlier day than {h.as_of} to look back on"
    out: list[Block] = [
        Heading(1, f"WBR: {f.t(h.name)}, week to {h.as_of}"),
        Para(f"{head_line(h, f)} · {window}"),
        Heading(2, f"OKR check-ins ({len(r.checkins)})"),
        *_checkins(r.checkins, f, kpi=False, h=h),
        Heading(2, f"KPI updates ({len(r.kpi_updates)})"),
        *_checkins(r.kpi_updates, f, kpi=True, h=h),
        Heading(2, "Missing check-ins (stale), by owner"),
    ]
    if not r.stale:
        out.append(Para("Every key result and KPI is up to date."))
    for group in r.stale:
        out.append(Heading(3, f.t(h.who(group.owner)) if group.owner else "(no owner)"))
        out.append(
            Items(
                tuple(
                    f"{f.t(i.title)} ({f.code(i.ref)}, {i.kind}): last check-in "
                    f"{i.last_checkin or 'never'}, due {i.cadence}"
                    for i in group.items
                )
            )
        )
    out += [Heading(2, f"Blockers raised ({len(r.blockers)})")]
    out += _blockers(r.blockers, f, "this week", h)
    out.append(Heading(2, f"Status changes since {h.since}"))
    if not r.changes:
        out.append(Para("No status changed."))
    else:
        rows = [
            (
                f"{f.t(c.title)} ({f.code(c.ref)})",
                c.kind,
                f.t(h.who(c.owner)),
                _change(c.before, c.after),
            )
            for c in r.changes
        ]
        out.append(table(("Item", "Kind", "Owner", "Status"), rows))
    return out


def _move(m: ProgressMove) -> str:
    if m.before is None or m.after is None:
        return "–"
    points = round((m.after - m.before) * 100)
    return f"{'+' if points > 0 else ''}{points} pts"


def _initiatives(
    title: str, items: tuple[InitiativeItem, ...], f: Fmt, h: ReviewHead
) -> list[Block]:
    out: list[Block] = [Heading(3, f"{title} ({len(items)})")]
    if not items:
        return [*out, Para("None.")]
    rows = [
        (
            f"{f.t(i.title)} ({f.code(i.id)})",
            f.code(i.ref),
            f.t(h.who(i.owner)),
            str(i.due) if i.due else "–",
            i.status,
            f"{number(i.progress)}%" if i.progress is not None else "–",
        )
        for i in items
    ]
    return [*out, table(("Initiative", "Key result", "Owner", "Due", "Status", "Progress"), rows)]


def link_text(link: LinkView, f: Fmt) -> str:
    """`[title](url)` in Markdown, only for an http(s) URL (escape.markdown_link); else,
    and in text, `title <url>`."""
    if f.markdown:
        return markdown_link(link.title, link.url)
    return f"{f.t(link.title)} <{f.t(link.url)}>"


def _trend(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "new" if before is None else "–"
    if after > before:
        return "↑ rising"
    return "↓ falling" if after < before else "→ steady"


def monthly_blocks(r: MonthlyReview, f: Fmt) -> list[Block]:
    h = r.head
    out: list[Block] = [
        Heading(1, f"MBR: {f.t(h.name)}, month to {h.as_of}"),
        Para(f"{head_line(h, f)} · compared with {h.since}"),
        Heading(2, "OKR progress by theme"),
    ]
    for t in r.themes:
        m = t.theme
        out.append(
            Heading(
                3,
                f"{f.t(m.title)}: {percent(m.before)} → {percent(m.after)} ({_move(m)}), "
                f"{label(m.status_after)}",
            )
        )
        if not t.objectives:
            out.append(Para("No objectives."))
            continue
        rows = [
            (
                f"{f.t(o.title)} ({f.code(o.ref)})",
                f.t(h.who(o.owner)),
                percent(o.before),
                percent(o.after),
                _move(o),
                _change(o.status_before, o.status_after),
            )
            for o in t.objectives
        ]
        out.append(
            table(("Objective", "Owner", "Then", "Now", "Change", "Status"), rows, (2, 3, 4))
        )
        links = [(o.ref, link) for o in t.objectives for link in o.links]
        if links:
            out.append(Para("Links:"))
            out.append(Items(tuple(f"{f.code(ref)}: {link_text(k, f)}" for ref, k in links)))
    out += [Heading(2, f"Blockers ({len(r.blockers)})"), *_blockers(r.blockers, f, "this month", h)]
    out.append(Heading(2, "Initiatives"))
    # The seed's "initiative status": every initiative, then the ones to talk about.
    out += _initiatives("Status of every initiative", r.initiatives, f, h)
    out += _initiatives("Overdue", r.overdue, f, h)
    out += _initiatives("Blocked", r.blocked, f, h)
    out += _initiatives("Done", r.done, f, h)
    out.append(Heading(2, "Confidence trends"))
    if not r.confidence:
        out.append(Para("No key result reports a confidence."))
    else:
        trends = [
            (
                f"{f.t(c.title)} ({f.code(c.ref)})",
                f.t(h.who(c.owner)),
                number(c.before),
                number(c.after),
                _trend(c.before, c.after),
            )
            for c in r.confidence
        ]
        out.append(table(("Key result", "Owner", "Then", "Now", "Trend"), trends, (2, 3)))
    out.append(Heading(2, "KPIs"))
    if not r.kpis:
        out.append(Para("The cycle has no KPIs."))
    else:
        kpis = [
            (
                f"{f.t(k.title)} ({f.code(k.id)})",
                with_unit(k.before, k.unit, f),
                with_unit(k.after, k.unit, f),
                _change(k.status_before, k.status_after),
            )
            for k in r.kpis
        ]
        out.append(table(("KPI", "Then", "Now", "Status"), kpis, (1, 2)))
    return out


def blocks(review: Review, f: Fmt) -> list[Block]:
    if isinstance(review, WeeklyReview):
        return weekly_blocks(review, f)
    if isinstance(review, MonthlyReview):
        return monthly_blocks(review, f)
    return quarterly_blocks(review, f)


def review_markdown(review: Review) -> str:
    """The review as a Markdown document (what `--write` saves)."""
    return doc.to_text(blocks(review, MarkdownFmt()), MarkdownFmt())


def review_json(review: Review) -> dict[str, Any]:
    """The review as JSON-ready data: every field of the result, dates as ISO strings."""
    return {"review": review.head.kind.value, **json_data(review, digits=4)}


def render_review(review: Review, fmt: str, out: TextIO) -> None:
    """Write the review as `markdown`, `text` or `json`."""
    if fmt == "json":
        dump_json(review_json(review), out)
    elif fmt == "text":
        doc.write(blocks(review, Fmt()), Fmt(), out)
    else:
        out.write(review_markdown(review))


__all__ = ["QuarterlyReview", "render_review", "review_json", "review_markdown"]
