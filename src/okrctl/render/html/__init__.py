"""The HTML control center: a static, self-contained site (no script, no network).

`site_sources` turns scores into pages, one at a time: each page's name, the inputs its
HTML is a function of (with okrctl's code), and how to draw it from them; a page cache
keys a page by its inputs and draws only the pages whose inputs changed. Writing them is
the API's job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from okrctl.render.escape import html_text as esc
from okrctl.render.html.control import alignment_body, index_body, scorecard_body
from okrctl.render.html.layout import PAGES, Frame, objective_page
from okrctl.render.html.objective import Surroundings, objective_body, surroundings
from okrctl.results.scores import CycleScore, ObjectiveScore, Value
from okrctl.results.views import AlignmentTree, Change, Point

__all__ = ["PageSource", "objective_page", "page_names", "site_pages", "site_sources"]

# What the frame of every page shows: the organization, the cycle's name, the day.
FrameInputs = tuple[str, str, dt.date]


@dataclass(frozen=True, slots=True)
class PageSource:
    """One page of the site, not drawn yet: `draw(*inputs)` is its HTML, a function of
    `inputs` and okrctl's code alone (nothing else reaches it: a cache may key the page by
    them)."""

    name: str
    inputs: tuple[object, ...]
    draw: Callable[..., str]

    def html(self) -> str:
        return self.draw(*self.inputs)


def page_names(score: CycleScore) -> list[str]:
    """The file names of the site's pages, in the order `site_pages` makes them."""
    names = [target for target, _ in PAGES]
    names += [objective_page(obj.id) for theme in score.themes for obj in theme.objectives]
    return names


@functools.lru_cache(maxsize=4)
def _frame(inputs: FrameInputs) -> Frame:
    return Frame(*inputs)


_TITLE = dict(PAGES)


def _index(frame: FrameInputs, name: str, score: CycleScore) -> str:
    return _frame(frame).page(name, f"{_TITLE[name]} · {esc(score.name)}", index_body(score))


def _scorecard(frame: FrameInputs, name: str, score: CycleScore) -> str:
    return _frame(frame).page(name, f"{_TITLE[name]} · {esc(score.name)}", scorecard_body(score))


def _alignment(frame: FrameInputs, name: str, cycle_name: str, tree: AlignmentTree) -> str:
    return _frame(frame).page(name, f"{_TITLE[name]} · {esc(cycle_name)}", alignment_body(tree))


# A check-in as plain values, its date as an ordinal: the key of a page pickles these ten
# times faster than `Point`s (no class or date to name per check-in), and only the pages
# drawn make `Point`s of them again.
CheckinRow = tuple[int, Value, float | None, str | None, tuple[str, ...]]


def checkin_rows(points: Sequence[Point]) -> tuple[CheckinRow, ...]:
    """The points as rows (every field of a `Point`: a test holds them to its fields)."""
    return tuple([(p.date.toordinal(), p.value, p.confidence, p.note, p.blockers) for p in points])


def row_points(rows: Sequence[CheckinRow]) -> tuple[Point, ...]:
    """The `Point`s the rows were made of."""
    return tuple([Point(dt.date.fromordinal(d), v, c, n, b) for d, v, c, n, b in rows])


def _objective(
    frame: FrameInputs,
    name: str,
    obj: ObjectiveScore,
    around: Surroundings,
    rows: Mapping[str, Sequence[CheckinRow]],
    changes: Mapping[str | None, Sequence[Change]],
) -> str:
    series = {kr_id: row_points(found) for kr_id, found in rows.items()}
    return _frame(frame).page(name, esc(obj.title), objective_body(obj, around, series, changes))


def site_sources(
    organization: str,
    score: CycleScore,
    tree: AlignmentTree,
    series: Mapping[tuple[str, str], Sequence[Point]],
    changes: Mapping[tuple[str, str | None], Sequence[Change]] | None = None,
) -> Iterator[PageSource]:
    """Every page of the site, in `page_names`' order, one at a time: drawn as they come, a
    site is never all in memory (10,000 objectives make 220 MB of text). `series` maps
    (objective id, KR id) to its check-ins by date; `changes` (objective id, KR id or None
    for the objective) to its adjustments."""
    frame: FrameInputs = (organization, score.name, score.as_of)
    # Each navigation page gets the part of the scores its body reads, the rest left out:
    # the index no KPIs, the scorecard no themes (so that its inputs are all it shows).
    navigation: dict[str, tuple[Callable[..., str], tuple[object, ...]]] = {
        "index.html": (_index, (dataclasses.replace(score, kpis=()),)),
        "scorecard.html": (_scorecard, (dataclasses.replace(score, themes=()),)),
        "alignment.html": (_alignment, (score.name, tree)),
    }
    for target, (draw, inputs) in navigation.items():
        yield PageSource(target, (frame, target, *inputs), draw)
    by_objective: dict[str, dict[str, tuple[CheckinRow, ...]]] = {}
    for (objective_id, kr_id), points in series.items():
        by_objective.setdefault(objective_id, {})[kr_id] = checkin_rows(points)
    adjustments: dict[str, dict[str | None, Sequence[Change]]] = {}
    for (changed_objective, changed_kr), found in (changes or {}).items():
        adjustments.setdefault(changed_objective, {})[changed_kr] = found
    for theme in score.themes:
        for obj in theme.objectives:
            page = objective_page(obj.id)
            around = surroundings(obj, score, theme.name)
            mine = by_objective.get(obj.id, {})
            adjusted = adjustments.get(obj.id, {})
            yield PageSource(page, (frame, page, obj, around, mine, adjusted), _objective)


def site_pages(
    organization: str,
    score: CycleScore,
    tree: AlignmentTree,
    series: Mapping[tuple[str, str], Sequence[Point]],
    changes: Mapping[tuple[str, str | None], Sequence[Change]] | None = None,
) -> Iterator[tuple[str, str]]:
    """Every page of the site as (file name, HTML), one at a time (`site_sources` drawn)."""
    for source in site_sources(organization, score, tree, series, changes):
        yield source.name, source.html()
