"""The cycle-wide pages: the control center by theme, the BSC scorecard, the alignment tree."""

from __future__ import annotations

from collections import Counter

from okrctl.render.escape import html_text as esc
from okrctl.render.html.layout import badge, bar, number, objective_page
from okrctl.render.marks import percent
from okrctl.results.scores import CycleScore, KpiScore, ObjectiveScore, Status
from okrctl.results.views import AlignmentTree, TreeNode

PERSPECTIVES = (
    ("financial", "Financial"),
    ("customer", "Customer"),
    ("internal-process", "Internal process"),
    ("learning-growth", "Learning and growth"),
)
# (class attribute, heading) of each column; the class sets the width (and `num` alignment).
_OBJECTIVE_COLUMNS = (
    ("w1", "Objective"),
    ("w2", "Owner"),
    ("w3", "Progress"),
    ("w4", "Status"),
    ("'num w5'", "KRs"),
    ("w6", "Flags"),
)
_KPI_COLUMNS = (
    ("k1", "KPI"),
    ("k2", "Owner"),
    ("'num k3'", "Current"),
    ("'num k4'", "Target"),
    ("k5", "Status"),
    ("k6", "Last update"),
)


def _grid(columns: tuple[tuple[str, str], ...], rows: list[str], empty: str) -> str:
    """A table of `rows` under the `columns`' headings; the `empty` note when no rows."""
    if not rows:
        return f'<p class="muted">{empty}</p>'
    head = "".join(f"<th scope=col class={cls}>{heading}</th>" for cls, heading in columns)
    return (
        f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _flags(obj: ObjectiveScore) -> str:
    flags = []
    if obj.stale_count:
        flags.append(f"{obj.stale_count} stale")
    if obj.overdue_count:
        flags.append(f"{obj.overdue_count} overdue")
    return f'<span class="flag">{", ".join(flags)}</span>' if flags else ""


def _objective_row(obj: ObjectiveScore, closed: bool = False) -> str:
    shown = obj.final_score if closed and obj.final_score is not None else obj.progress
    return (
        f'<tr><td><a href="{objective_page(obj.id)}">{esc(obj.title)}</a></td>'
        f"<td>{esc(obj.who or '–')}</td><td class=nowrap>{bar(shown)}</td>"
        f"<td>{badge(obj.status)}</td><td class=num>{len(obj.key_results)}</td>"
        f"<td>{_flags(obj)}</td></tr>"
    )


def _summary(score: CycleScore) -> str:
    counts = Counter(o.status for o in score.objectives())
    items = [
        f"<li>{badge(s)} {counts[s]} objective{'s' * (counts[s] != 1)}</li>"
        for s in Status
        if counts[s]
    ]
    stale = sum(o.stale_count for o in score.objectives())
    overdue = sum(o.overdue_count for o in score.objectives())
    items.append(f"<li>{stale} stale key result{'s' * (stale != 1)}</li>")
    items.append(f"<li>{overdue} overdue initiative{'s' * (overdue != 1)}</li>")
    return f'<ul class="summary" aria-label="Summary">{"".join(items)}</ul>'


def index_body(score: CycleScore) -> str:
    """The control center: one section per theme with its objectives."""
    out = [
        f"<h1>Control center: {esc(score.name)}</h1>",
        (
            f'<p class="closed">{score.start.isoformat()} to {score.end.isoformat()}. '
            "Closed: the scores shown are the final scores recorded by "
            "<code>okrctl cycle close</code>.</p>"
            if score.closed
            else f"<p>{score.start.isoformat()} to {score.end.isoformat()}. Expected "
            f"progress by {score.as_of.isoformat()}: {percent(score.expected)}.</p>"
        ),
        _summary(score),
    ]
    for n, theme in enumerate(score.themes):
        head = f"theme-{n}"
        out.append(
            f'<section class="theme" id="{head}-s" aria-labelledby="{head}" '
            f'data-theme="{esc(theme.id)}">'
            f'<h2 id="{head}">{esc(theme.name)}</h2>'
            f"<p>{badge(theme.status)} {'final score' if score.closed else 'progress'} "
            f"{percent(theme.final_score if score.closed else theme.progress)}</p>"
        )
        rows = [_objective_row(o, score.closed) for o in theme.objectives]
        out.append(_grid(_OBJECTIVE_COLUMNS, rows, "No objective serves this theme in this cycle."))
        out.append("</section>")
    return "\n".join(out)


def _kpi_row(k: KpiScore) -> str:
    last = k.last_checkin.isoformat() if k.last_checkin else "never"
    stale = ' <span class="flag">stale</span>' if k.stale else ""
    return (
        f"<tr><td>{esc(k.title)}</td><td>{esc(k.who or '–')}</td>"
        f"<td class=num>{number(k.current, k.unit)}</td>"
        f"<td class=num>{number(k.target, k.unit)}</td>"
        f"<td>{badge(k.status)}</td><td>{last}{stale}</td></tr>"
    )


def scorecard_body(score: CycleScore) -> str:
    """The Balanced Scorecard: the KPIs of the four perspectives."""
    out = [f"<h1>Balanced Scorecard: {esc(score.name)}</h1>"]
    for key, title in PERSPECTIVES:
        kpis = [k for k in score.kpis if k.perspective == key]
        out.append(f'<section aria-labelledby="p-{key}"><h2 id="p-{key}">{title}</h2>')
        out.append(_grid(_KPI_COLUMNS, [_kpi_row(k) for k in kpis], "No KPI in this perspective."))
        out.append("</section>")
    return "\n".join(out)


def _node(node: TreeNode) -> str:
    obj = node.objective
    if node.in_cycle:
        name = f'<a href="{objective_page(obj.id)}">{esc(obj.title)}</a>'
    else:
        name = f'{esc(obj.title)} <span class="muted">({esc(obj.cycle)})</span>'
    kids = "".join(_node(k) for k in node.children)
    return (
        f"<li>{name} <span class=muted>{esc(obj.level)} · {esc(obj.who or '–')}</span> "
        f"{bar(obj.progress)} {badge(obj.status)}" + (f"<ul>{kids}</ul>" if kids else "") + "</li>"
    )


def alignment_body(tree: AlignmentTree) -> str:
    """The cascade company → department → team → individual, as nested lists."""
    out = [f"<h1>Alignment: {esc(tree.name)}</h1>"]
    out.append('<section aria-labelledby="aligned"><h2 id="aligned">Cascade</h2>')
    if tree.roots:
        out.append(f'<ul class="tree">{"".join(_node(n) for n in tree.roots)}</ul>')
    else:
        out.append('<p class="muted">No company-level objective.</p>')
    out.append("</section>")
    if tree.unaligned:
        out.append(
            '<section aria-labelledby="unaligned"><h2 id="unaligned">Not aligned</h2>'
            "<p>Below company level, with no parent objective.</p>"
            f'<ul class="tree">{"".join(_node(n) for n in tree.unaligned)}</ul></section>'
        )
    if tree.looped:
        items = "".join(
            f'<li><a href="{objective_page(o.id)}">{esc(o.title)}</a></li>'
            if o.cycle == tree.cycle
            else f"<li>{esc(o.title)} <span class=muted>({esc(o.cycle)})</span></li>"
            for o in tree.looped
        )
        out.append(
            '<section aria-labelledby="looped"><h2 id="looped">In an alignment loop</h2>'
            f"<ul>{items}</ul></section>"
        )
    return "\n".join(out)
