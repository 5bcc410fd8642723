"""One page per objective: its fields, and each key result with a trend chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from okrctl.render.escape import html_link
from okrctl.render.escape import html_text as esc
from okrctl.render.html.layout import badge, bar, cached_percent, number, objective_page
from okrctl.render.html.svg import Chart, point_texts, trend_chart
from okrctl.render.marks import percent
from okrctl.results.scores import CycleScore, KeyResultScore, LinkView, ObjectiveScore
from okrctl.results.views import Change, Point


@dataclass(frozen=True, slots=True)
class Surroundings:
    """What an objective's page shows besides the objective and its check-ins: the cycle's
    dates, its theme's name, and the title of each objective it links to. All a page cache
    needs to know of the rest of the site (the titles, not the whole cycle's scores)."""

    start: dt.date
    end: dt.date
    as_of: dt.date
    theme_name: str
    # Each reference of `parent` and `children` as written -> the title of the objective
    # it names when that one has a page in this site, else None.
    titles: tuple[tuple[str, str | None], ...] = ()


def surroundings(obj: ObjectiveScore, score: CycleScore, theme_name: str) -> Surroundings:
    """An objective's `Surroundings` in the cycle `score`."""
    titles = []
    for ref in (obj.parent, *obj.children) if obj.parent else obj.children:
        cycle, _, ident = ref.rpartition("/")
        found = score.objective(ident) if (cycle or score.cycle) == score.cycle else None
        titles.append((ref, None if found is None else found.title))
    return Surroundings(score.start, score.end, score.as_of, theme_name, tuple(titles))


def _ref_link(ref: str, titles: Mapping[str, str | None]) -> str:
    """A link to the objective a reference names, when it has a page in this site."""
    title = titles.get(ref)
    if title is not None:
        return f'<a href="{objective_page(ref.rpartition("/")[2])}">{esc(title)}</a>'
    return f"<code>{esc(ref)}</code> <span class=muted>(not in this cycle)</span>"


def _facts(obj: ObjectiveScore, around: Surroundings) -> str:
    titles = dict(around.titles)
    rows = [
        ("Theme", esc(around.theme_name)),
        ("Owner", esc(obj.who or "–")),
        ("Contributors", esc(", ".join(obj.contributors)) or "–"),
        ("Level", esc(obj.level) + (f" · team {esc(obj.team)}" if obj.team else "")),
        ("Progress", bar(obj.progress)),
        ("Status", badge(obj.status)),
    ]
    if obj.parent:
        rows.append(("Aligns to", _ref_link(obj.parent, titles)))
    if obj.children:
        rows.append(("Aligned here", ", ".join(_ref_link(c, titles) for c in obj.children)))
    if obj.children_progress is not None:
        rows.append(("Aligned objectives' progress", percent(obj.children_progress)))
    body = "".join(f"<tr><th scope=row>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<table class="facts"><tbody>{body}</tbody></table>'


def _blocker_list(blockers: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(b)}</li>" for b in blockers) + "</ul>"


def _checkin_table(points: Sequence[Point], texts: list[tuple[str, str]], label: str) -> str:
    """The check-in history, newest first, with each check-in's note and blockers.
    `texts`: the points' dates and values as shown (`point_texts`)."""
    if not points:
        return ""
    rows = "".join(
        f"<tr><td>{day}</td><td class=num>{shown}</td>"
        f"<td class=num>{cached_percent(p.confidence)}</td><td>{esc(p.note) if p.note else ''}</td>"
        f"<td>{_blocker_list(p.blockers) if p.blockers else ''}</td></tr>"
        for p, (day, shown) in zip(reversed(points), reversed(texts), strict=True)
    )
    return (
        f"<details open><summary>Check-ins of {label} ({len(points)})</summary>"
        "<table><thead><tr><th scope=col>Date</th><th scope=col class=num>Value</th>"
        "<th scope=col class=num>Confidence</th><th scope=col>Note</th>"
        "<th scope=col>Blockers</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details>"
    )


def _blockers(points: Sequence[Point]) -> str:
    """The blockers of the latest check-in (the points are those known on the report's
    day): what stands in the way now."""
    if not points or not points[-1].blockers:
        return ""
    latest = points[-1]
    return (
        f'<div class="blockers" role="note"><p><span class="flag">blocked</span> '
        f"Blockers at the check-in of {latest.date.isoformat()}:</p>"
        f"{_blocker_list(latest.blockers)}</div>"
    )


def _changed(value: object, unit: str | None) -> str:
    return number(value, unit) if isinstance(value, int | float) else esc(str(value))


def _adjustments(found: Sequence[Change], unit: str | None, label: str) -> str:
    """The recorded mid-cycle changes, each with its reason."""
    if not found:
        return ""
    rows = "".join(
        f"<tr><td>{c.date.isoformat()}</td><td>{esc(c.field)}</td>"
        f"<td>{_changed(c.old, unit)} → {_changed(c.new, unit)}</td><td>{esc(c.reason)}</td></tr>"
        for c in found
    )
    return (
        f"<table class=adjustments><caption>Adjustments of {label}</caption><thead><tr>"
        "<th scope=col>Date</th><th scope=col>Field</th><th scope=col>Change</th>"
        f"<th scope=col>Reason</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _initiatives(kr: KeyResultScore) -> str:
    if not kr.initiatives:
        return ""
    rows = "".join(
        f"<tr><td>{esc(i.title)}{link_list(i.links)}</td><td>{esc(i.who or '–')}</td>"
        f"<td>{i.due.isoformat() if i.due else '–'}</td><td>{esc(i.status)}"
        + (' <span class="flag">overdue</span>' if i.overdue else "")
        + f"</td><td class=num>{'–' if i.progress is None else number(i.progress, '%')}</td></tr>"
        for i in kr.initiatives
    )
    return (
        "<table><caption>Initiatives</caption><thead><tr><th scope=col>Initiative</th>"
        "<th scope=col>Owner</th><th scope=col>Due</th><th scope=col>Status</th>"
        f"<th scope=col class=num>Progress</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _key_result(
    kr: KeyResultScore,
    n: int,
    points: Sequence[Point],
    around: Surroundings,
    adjusted: Sequence[Change] = (),
) -> str:
    head = f"kr-{n}"
    milestone = kr.direction == "milestone"
    if milestone:
        numbers = f"Milestone, now {number(kr.current)}."
    else:
        numbers = (
            f"{number(kr.baseline, kr.unit)} → <strong>{number(kr.current, kr.unit)}</strong>"
            f" → {number(kr.target, kr.unit)} ({esc(kr.direction)})"
        )
    extra = []
    if kr.confidence is not None:
        extra.append(f"confidence {percent(kr.confidence)}")
    if kr.stale:
        extra.append('<span class="flag">stale: no recent check-in</span>')
    texts = point_texts(points, kr.unit)
    title = esc(kr.title)
    chart = Chart(
        dom_id=f"chart-{n}",
        title=kr.title,
        unit=kr.unit,
        baseline=kr.baseline,
        target=kr.target,
        start=around.start,
        end=around.end,
        as_of=around.as_of,
        points=points,
        milestone=milestone,
    )
    return (
        f'<section class="kr" aria-labelledby="{head}" data-kr="{esc(kr.id)}">'
        f'<h3 id="{head}">{title}</h3>'
        f"<p>{badge(kr.status)} {bar(kr.progress)} · owner {esc(kr.who or '–')} · "
        f"{numbers}{' · ' if extra else ''}{' · '.join(extra)}</p>"
        f"{_blockers(points)}{link_list(kr.links)}"
        f"<figure>{trend_chart(chart, texts)}</figure>"
        f"{_checkin_table(points, texts, title)}"
        f"{_adjustments(adjusted, kr.unit, title)}{_initiatives(kr)}</section>"
    )


def link_list(links: Sequence[LinkView]) -> str:
    """The item's links as `<a href>` (http(s) only; escape.html_link), '' when none."""
    if not links:
        return ""
    items = "".join(f"<li>{html_link(link.title, link.url)}</li>" for link in links)
    return f'<ul class="links" aria-label="Links">{items}</ul>'


def objective_body(
    obj: ObjectiveScore,
    around: Surroundings,
    series: Mapping[str, Sequence[Point]],
    changes: Mapping[str | None, Sequence[Change]] | None = None,
) -> str:
    """An objective's page body; `series` maps each KR id to its check-ins by date,
    `changes` each KR id (None: the objective) to its adjustments. A function of its
    arguments alone (the page cache keys the page by them)."""
    changes = changes or {}
    out = [f"<h1>{esc(obj.title)}</h1>"]
    if obj.why:
        out.append(f'<p class="why">{esc(obj.why)}</p>')
    out.append(_facts(obj, around))
    out.append(link_list(obj.links))
    out.append(_adjustments(changes.get(None, ()), None, "this objective"))
    out.append('<h2 id="key-results">Key results</h2>')
    for n, kr in enumerate(obj.key_results):
        out.append(_key_result(kr, n, series.get(kr.id, ()), around, changes.get(kr.id, ())))
    if not obj.key_results:
        out.append('<p class="muted">No key results yet.</p>')
    return "\n".join(out)
