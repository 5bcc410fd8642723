"""The QBR: final scores, their distribution, the ambition check, coverage and roll-ups.

A score is the `final_score` recorded when the cycle was closed, else the progress on the
review day rounded to two decimals: the figure `okrctl cycle close` would record. Objectives
and themes score the weighted mean of their parts' scores (see okrctl.model.grading).
"""

from __future__ import annotations

from okrctl.model import Objective
from okrctl.model.cycle import CycleStatus
from okrctl.model.grading import BANDS, band, round_score, weighted_score
from okrctl.model.review_kinds import ReviewKind
from okrctl.results.reviews import (
    Ambition,
    BandCount,
    ChildCycle,
    QuarterlyReview,
    ScoredKeyResult,
    ScoredObjective,
    ScoredTheme,
    ThemeCoverage,
)
from okrctl.results.scores import ObjectiveScore, Status, ThemeScore
from okrctl.score.cycle import Scorer
from okrctl.score.review_views import Views, cycle_progress

DROPPED = "dropped"  # the band of a dropped item: listed, but in no average or count
TOO_LOW_ABOVE = 0.9  # an average score above this suggests goals set too low
TOO_HIGH_BELOW = 0.4  # below this, goals set too high or under-resourced


def ambition_of(average: float | None) -> Ambition:
    """too-low above 0.9, too-high below 0.4, healthy in between (both ends included)."""
    if average is None:
        return Ambition.NONE
    if average > TOO_LOW_ABOVE:
        return Ambition.TOO_LOW
    if average < TOO_HIGH_BELOW:
        return Ambition.TOO_HIGH
    return Ambition.HEALTHY


def _objective(o: ObjectiveScore, model: Objective) -> ScoredObjective:
    krs = []
    for k, kr in zip(o.key_results, model.key_results, strict=True):
        recorded = kr.final_score is not None
        score = float(kr.final_score) if kr.final_score is not None else round_score(k.progress)
        shown = DROPPED if k.status is Status.DROPPED else band(score)
        graded = kr.score_note if recorded else None
        krs.append(
            ScoredKeyResult(
                f"{o.id}/{k.id}",
                k.title,
                k.owner,
                score,
                shown,
                recorded,
                graded,
                round_score(k.progress) if graded else None,
                k.owner_name,
                k.links,
            )
        )
    if model.final_score is not None:
        score = float(model.final_score)
    else:
        pairs = zip(krs, model.key_results, strict=True)
        score = weighted_score((s.score, float(kr.weight)) for s, kr in pairs if s.band != DROPPED)
    return ScoredObjective(
        o.id,
        o.title,
        o.owner,
        score,
        DROPPED if o.status is Status.DROPPED else band(score),
        model.final_score is not None,
        tuple(krs),
        o.children_progress,
        model.carried_from,
        o.owner_name,
        o.links,
    )


def _theme(t: ThemeScore, views: Views) -> ScoredTheme:
    files = views.repo.cycles[views.cycle_id]
    objectives = tuple(_objective(o, files.objectives[o.id].model) for o in t.objectives)
    pairs = [(s, o) for s, o in zip(objectives, t.objectives, strict=True) if s.band != DROPPED]
    score = weighted_score((s.score, float(o.weight)) for s, o in pairs) if pairs else None
    return ScoredTheme(t.id, t.name, score, objectives)


def _children(scorer: Scorer, views: Views) -> tuple[ChildCycle, ...]:
    found = []
    for cid, cf in scorer.repo.cycles.items():
        if cf.cycle is not None and cf.cycle.model.parent == views.cycle_id != cid:
            c = cf.cycle.model
            progress = cycle_progress(scorer.cycle(cid))
            found.append(ChildCycle(cid, c.name, c.start, c.end, progress))
    return tuple(sorted(found, key=lambda c: (c.start, c.id)))


def _distribution(krs: list[ScoredKeyResult]) -> tuple[BandCount, ...]:
    """How many key results fall in each score band."""
    counts = {name: 0 for name, _ in BANDS}
    for k in krs:
        counts[k.band] += 1
    return tuple(BandCount(name, counts[name]) for name, _ in BANDS)


def _coverage(themes: tuple[ScoredTheme, ...], views: Views) -> tuple[ThemeCoverage, ...]:
    """Each theme of okrctl.yaml with the number of objectives (not dropped) serving it."""
    served = {t.id: sum(o.band != DROPPED for o in t.objectives) for t in themes}
    return tuple(ThemeCoverage(t.id, t.name, served.get(t.id, 0)) for t in views.themes)


def _aligned_rollup(themes: tuple[ScoredTheme, ...]) -> float | None:
    """The mean roll-up of the objectives that have aligned children (None if none has)."""
    rollups = [o.rollup for t in themes for o in t.objectives if o.rollup is not None]
    return sum(rollups) / len(rollups) if rollups else None


def quarterly(scorer: Scorer, cycle_id: str) -> QuarterlyReview:
    """The QBR: the final score of every key result, objective and theme, their distribution,
    the ambition check, theme coverage, carry-over candidates and the roll-up of aligned
    cycles (an annual cycle's quarters).
    """
    views = Views(scorer, cycle_id, ReviewKind.QUARTERLY, scorer.clock(cycle_id).start)
    themes = tuple(_theme(t, views) for t in views.now.themes)
    krs = [k for t in themes for o in t.objectives for k in o.key_results if k.band != DROPPED]
    average = sum(k.score for k in krs) / len(krs) if krs else None
    cycle = scorer.repo.cycles[cycle_id].cycle
    return QuarterlyReview(
        head=views.head,
        closed=cycle is not None and cycle.model.status is CycleStatus.CLOSED,
        themes=themes,
        distribution=_distribution(krs),
        average=average,
        ambition=ambition_of(average),
        coverage=_coverage(themes, views),
        carry_over=tuple(k for k in krs if k.score < 1),
        children=_children(scorer, views),
        rollup=_aligned_rollup(themes),
    )
