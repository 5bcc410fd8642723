"""The HTML control center: a static, self-contained site (no script, no network).

`render_site` turns scores into pages (file name -> HTML); writing them is the API's job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from okrctl.render.escape import html_text as esc
from okrctl.render.html.control import alignment_body, index_body, scorecard_body
from okrctl.render.html.layout import Frame, objective_page
from okrctl.render.html.objective import objective_body
from okrctl.results.scores import CycleScore
from okrctl.results.views import AlignmentTree, Change, Point

__all__ = ["objective_page", "render_site"]


def render_site(
    organization: str,
    score: CycleScore,
    tree: AlignmentTree,
    series: Mapping[tuple[str, str], Sequence[Point]],
    changes: Mapping[tuple[str, str | None], Sequence[Change]] | None = None,
) -> dict[str, str]:
    """Every page of the site. `series` maps (objective id, KR id) to its check-ins by date;
    `changes` (objective id, KR id or None for the objective) to its adjustments."""

    wrap = Frame(organization, score.name, score.as_of).page

    pages = {
        "index.html": wrap("index.html", f"Control center · {esc(score.name)}", index_body(score)),
        "scorecard.html": wrap(
            "scorecard.html", f"Scorecard · {esc(score.name)}", scorecard_body(score)
        ),
        "alignment.html": wrap(
            "alignment.html", f"Alignment · {esc(score.name)}", alignment_body(tree)
        ),
    }
    by_objective: dict[str, dict[str, Sequence[Point]]] = {}
    for (objective_id, kr_id), points in series.items():
        by_objective.setdefault(objective_id, {})[kr_id] = points
    adjustments: dict[str, dict[str | None, Sequence[Change]]] = {}
    for (changed_objective, changed_kr), found in (changes or {}).items():
        adjustments.setdefault(changed_objective, {})[changed_kr] = found
    for theme in score.themes:
        for obj in theme.objectives:
            mine = by_objective.get(obj.id, {})
            name = objective_page(obj.id)
            body = objective_body(obj, score, theme.name, mine, adjustments.get(obj.id, {}))
            pages[name] = wrap(name, esc(obj.title), body)
    return pages
