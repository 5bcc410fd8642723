"""The HTML control center: a static, self-contained site (no script, no network).

`site_pages` turns scores into pages (file name -> HTML), one page at a time; writing them
is the API's job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from okrctl.render.escape import html_text as esc
from okrctl.render.html.control import alignment_body, index_body, scorecard_body
from okrctl.render.html.layout import PAGES, Frame, objective_page
from okrctl.render.html.objective import objective_body
from okrctl.results.scores import CycleScore
from okrctl.results.views import AlignmentTree, Change, Point

__all__ = ["objective_page", "page_names", "site_pages"]


def page_names(score: CycleScore) -> list[str]:
    """The file names of the site's pages, in the order `site_pages` makes them."""
    names = [target for target, _ in PAGES]
    names += [objective_page(obj.id) for theme in score.themes for obj in theme.objectives]
    return names


def site_pages(
    organization: str,
    score: CycleScore,
    tree: AlignmentTree,
    series: Mapping[tuple[str, str], Sequence[Point]],
    changes: Mapping[tuple[str, str | None], Sequence[Change]] | None = None,
) -> Iterator[tuple[str, str]]:
    """Every page of the site as (file name, HTML), one at a time: written as they come, a
    site is never all in memory (10,000 objectives make 220 MB of text). `series` maps
    (objective id, KR id) to its check-ins by date; `changes` (objective id, KR id or None
    for the objective) to its adjustments."""
    wrap = Frame(organization, score.name, score.as_of).page
    name = esc(score.name)
    # The pages of the navigation, in its order (as page_names lists them).
    bodies: dict[str, Callable[[], str]] = {
        "index.html": lambda: index_body(score),
        "scorecard.html": lambda: scorecard_body(score),
        "alignment.html": lambda: alignment_body(tree),
    }
    for target, title in PAGES:
        yield target, wrap(target, f"{title} · {name}", bodies[target]())
    by_objective: dict[str, dict[str, Sequence[Point]]] = {}
    for (objective_id, kr_id), points in series.items():
        by_objective.setdefault(objective_id, {})[kr_id] = points
    adjustments: dict[str, dict[str | None, Sequence[Change]]] = {}
    for (changed_objective, changed_kr), found in (changes or {}).items():
        adjustments.setdefault(changed_objective, {})[changed_kr] = found
    for theme in score.themes:
        for obj in theme.objectives:
            mine = by_objective.get(obj.id, {})
            page = objective_page(obj.id)
            body = objective_body(obj, score, theme.name, mine, adjustments.get(obj.id, {}))
            yield page, wrap(page, esc(obj.title), body)
