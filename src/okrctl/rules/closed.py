"""Rules about closed cycles: `okrctl cycle close` froze them, and they stay as closed.

These rules see only the files, so they work without git: a closed cycle records a
`final_score` on every key result and objective, and each recorded score must still be the
score its file produces (unless the owner graded it by hand: a `score_note` says why). An
edit after closing (a new check-in, a changed target) shows up as a mismatch.
`okrctl diff --check` (OKR702) judges the change itself from git history.
"""

from __future__ import annotations

from collections.abc import Iterator

from okrctl.model import Severity
from okrctl.model.cycle import CycleStatus
from okrctl.model.diagnostic import Draft
from okrctl.model.grading import key_result_score, objective_score
from okrctl.rules.engine import RuleContext, rule

E = Severity.ERROR
_CLOSE = "run `okrctl cycle close` to record it"


@rule(
    "OKR650",
    "closed-cycle-unscored",
    E,
    "In a closed cycle every key result and objective has a `final_score`.",
)
def closed_unscored(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `status: closed` in cycle.yaml, a key result without `final_score`.
    Good: the same after `okrctl cycle close` wrote `final_score: 0.7` on it.
    """
    for files in ctx.repo.cycles.values():
        if files.cycle is None or files.cycle.model.status is not CycleStatus.CLOSED:
            continue
        for doc in files.objectives.values():
            obj = doc.model
            if obj.final_score is None:
                yield Draft.at(
                    doc.source,
                    ("title",),
                    f"cycle {files.id} is closed but objective {doc.id} has no final_score; "
                    + _CLOSE,
                )
            for i, kr in enumerate(obj.key_results):
                if kr.final_score is None:
                    yield Draft.at(
                        doc.source,
                        ("key_results", i),
                        f"cycle {files.id} is closed but key result {kr.id} has no "
                        "final_score; " + _CLOSE,
                    )


def _show(value: float) -> str:
    return f"{value:g}"


@rule(
    "OKR651",
    "closed-cycle-edited",
    E,
    "A closed cycle is read-only: each `final_score` is still the score its file produces.",
)
def closed_edited(ctx: RuleContext) -> Iterator[Draft]:
    """A check-in added or a target changed after closing changes the computed score.

    Bad: `final_score: 0.5` on a key result whose check-ins now reach its target (1).
    Good: `final_score: 1` on that key result, as `okrctl cycle close` wrote it; or
    `final_score: 0.5` with `score_note:` saying why (`cycle close --grade`).
    """
    for files in ctx.repo.cycles.values():
        if files.cycle is None or files.cycle.model.status is not CycleStatus.CLOSED:
            continue
        for doc in files.objectives.values():
            obj = doc.model
            for i, kr in enumerate(obj.key_results):
                if kr.final_score is None or kr.score_note is not None:
                    continue  # a hand grade with its reason may differ from the data
                now = key_result_score(kr)
                if abs(float(kr.final_score) - now) > 0.005:
                    yield Draft.value_at(
                        doc.source,
                        ("key_results", i, "final_score"),
                        f"key result {kr.id}: final_score {_show(kr.final_score)} no longer "
                        f"matches its data ({_show(now)}); cycle {files.id} is closed and "
                        "read-only: revert the edit",
                    )
            if obj.final_score is not None and all(
                kr.final_score is not None for kr in obj.key_results
            ):
                now = objective_score(obj)
                if abs(float(obj.final_score) - now) > 0.005:
                    yield Draft.value_at(
                        doc.source,
                        ("final_score",),
                        f"objective {doc.id}: final_score {_show(obj.final_score)} is not the "
                        f"weighted mean of its key results' final scores ({_show(now)}); "
                        f"cycle {files.id} is closed and read-only",
                    )
