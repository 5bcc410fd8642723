"""`okrctl cycle list|new|close`: the life cycle of OKR periods.

Every command that writes prepares all of its texts first, checks that each loads back as
exactly the intended model, and only then writes (atomically, file by file); any problem
found before that leaves the repo untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from okrctl.api.checkin import unified_diff
from okrctl.api.cycle_new import NewCycle, plan_new_cycle
from okrctl.api.cycle_yaml import check_roundtrip
from okrctl.api.files import (
    cannot_write,
    current_umask,
    inside,
    locked,
    make_folder,
    write_atomic,
)
from okrctl.api.files import written as files_written
from okrctl.api.scoring import AsOf, Outcome, Workspace, open_workspace, outcome_of
from okrctl.api.validate import check_repo
from okrctl.edit.closing import set_final_scores, set_status
from okrctl.edit.scalars import check_text, yaml_number, yaml_string
from okrctl.edit.text import EditError
from okrctl.load.repo import CycleFiles, load_repo
from okrctl.model import Cycle, Diagnostic, Objective, layout
from okrctl.model.cycle import CycleStatus
from okrctl.model.errors import OkrctlError
from okrctl.model.grading import key_result_score, weighted_score
from okrctl.model.layout import ID_RE
from okrctl.model.objective import KeyResult
from okrctl.model.refs import RefKind
from okrctl.model.refs import resolve as resolve_ref
from okrctl.results.reviews import CycleList, CycleRow, QuarterlyReview
from okrctl.score.cycle import Scorer
from okrctl.score.review_qbr import quarterly
from okrctl.score.review_views import cycle_progress

__all__ = [
    "CloseResult",
    "Grade",
    "NewCycle",
    "NewResult",
    "close_cycle",
    "cycle_list",
    "grades_of",
    "new_cycle",
]


def cycle_list(root: Path, when: AsOf | dt.date) -> tuple[Outcome, CycleList]:
    """Every cycle with its dates, scope, status on `as_of` and progress, by start date."""
    ws = open_workspace(root, when)
    as_of = ws.scorer.as_of
    rows = []
    for cid, files in ws.repo.cycles.items():
        if files.cycle is None:
            rows.append(CycleRow(cid, None, None, None, None, None, None, None, 0, None, None))
            continue
        c = files.cycle.model
        score = ws.scorer.cycle(cid)
        rollups = [o.children_progress for o in score.objectives()]
        known = [r for r in rollups if r is not None]
        rows.append(
            CycleRow(
                cid,
                c.name,
                c.start,
                c.end,
                c.scope.value,
                c.team,
                c.parent,
                c.status_on(as_of).value,
                len(score.objectives()),
                cycle_progress(score),
                sum(known) / len(known) if known else None,
            )
        )
    rows.sort(key=lambda r: (r.start or dt.date.max, r.id))
    return outcome_of(ws), CycleList(as_of, tuple(rows))


@dataclass(frozen=True)
class NewResult:
    written: tuple[str, ...]  # repo paths
    findings: tuple[Diagnostic, ...]  # of `okrctl validate` in the new files (e.g. too few KRs)
    notes: tuple[str, ...] = ()  # what carrying over changed (due dates moved into the cycle)


def new_cycle(root: Path, plan: NewCycle, today: dt.date) -> NewResult:
    """Create `cycles/<id>/` with cycle.yaml (and, with `plan.source`, KPIs and carried-over
    objectives). The folder is built under a hidden name and renamed into place, so it
    appears whole or not at all.
    """
    planned = plan_new_cycle(load_repo(root), plan)
    files = planned.files
    cycles = root / layout.CYCLES
    make_folder(cycles, root)  # refused when cycles/ is a link out of the repo
    final = cycles / plan.id
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{plan.id}.", dir=cycles))
    except OSError as exc:
        raise cannot_write(final, exc) from None
    try:
        for rel, text in files.items():
            path = staging / Path(rel).relative_to(layout.cycle_dir(plan.id))
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text)
        os.chmod(staging, 0o777 & ~current_umask())
        if final.exists():  # made meanwhile by someone else
            raise OkrctlError(f"{layout.cycle_dir(plan.id)} already exists; nothing was written")
        os.rename(staging, final)
        files_written.append(final)  # its files were written under the staging name
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, OkrctlError):
            raise cannot_write(final, exc) from None  # a full disk, read-only, ...
        raise
    found = check_repo(load_repo(root), today)
    mine = tuple(d for d in found if d.file.startswith(layout.cycle_dir(plan.id) + "/"))
    return NewResult(tuple(sorted(files)), mine, planned.notes)


@dataclass(frozen=True)
class CloseResult:
    cycle: str
    written: tuple[str, ...]  # repo paths, in the order written
    kept: str | None  # an existing retrospective left as it was
    review: QuarterlyReview
    diff: str = ""  # of every file, as `git diff` shows it (what --dry-run prints)
    written_files: bool = True  # False for --dry-run
    commit: str | None = None  # the sha of the commit made with --commit


def _recorded(value: float) -> int | float:
    """A score as written: 1 and 0 as ints, like people write them."""
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class Grade:
    """An owner's hand grade of a key result at the close (`--grade REF=0.8 --reason ...`)."""

    ref: str  # as written: `objective/kr` (in the closing cycle) or `cycle/objective/kr`
    score: float
    reason: str


def grades_of(specs: list[str], reasons: list[str]) -> list[Grade]:
    """`REF=SCORE` specs paired, in order, with their reasons; OkrctlError (a usage error)
    for a missing reason, a score that is no number or outside 0..1."""
    if len(specs) != len(reasons):
        raise OkrctlError(
            f"{len(specs)} --grade but {len(reasons)} --reason: each --grade REF=SCORE needs "
            "its own --reason, in the same order"
        )
    grades = []
    for spec, reason in zip(specs, reasons, strict=True):
        ref, eq, number = spec.rpartition("=")
        if not eq or not ref.strip():
            raise OkrctlError(f"--grade '{spec}': write REF=SCORE, like cx-leader/nps=0.8")
        try:
            score = float(number)
        except ValueError:
            raise OkrctlError(f"--grade '{spec}': '{number}' is not a number") from None
        if not 0 <= score <= 1:  # also refuses nan
            raise OkrctlError(f"--grade '{spec}': a score is between 0 and 1 (0.0 to 1.0)")
        if not reason.strip():
            raise OkrctlError(f"--grade '{spec}': the --reason is empty; say why it is graded")
        check_text(reason, f"the reason for {ref.strip()}")
        grades.append(Grade(ref.strip(), score, reason.strip()))
    return grades


def _graded(ws: Workspace, cycle_id: str, grades: list[Grade]) -> dict[tuple[str, str], Grade]:
    """The grades by (objective id, key result id), each naming a key result of the closing
    cycle (the one reference resolver, with the closing cycle as home)."""
    found: dict[tuple[str, str], Grade] = {}
    for g in grades:
        ref = resolve_ref(g.ref, cycle_id, ws.repo, {RefKind.KEY_RESULT})
        if ref.cycle != cycle_id:
            raise OkrctlError(
                f"--grade '{g.ref}' names {ref.text}, which is not in cycle {cycle_id}, the "
                "cycle being closed"
            )
        key = (ref.item, ref.key_result or "")
        if key in found:
            raise OkrctlError(f"--grade: {ref.label} is graded twice")
        found[key] = g
    return found


def _closed_objective(
    obj: Objective, grades: dict[str, Grade]
) -> tuple[Objective, list[str], str, list[str | None]]:
    """The objective as closed, with the YAML text of each key result's score, the
    objective's, and each key result's `score_note` (None when computed, not graded)."""

    def final(kr: KeyResult) -> tuple[int | float, str | None]:
        g = grades.get(kr.id)
        if g is None:
            return _recorded(key_result_score(kr)), None
        return _recorded(g.score), g.reason

    finals = [final(kr) for kr in obj.key_results]
    krs = [
        kr.model_copy(update={"final_score": s} | ({"score_note": n} if n else {}))
        for kr, (s, n) in zip(obj.key_results, finals, strict=True)
    ]
    total = _recorded(
        weighted_score((s, float(kr.weight)) for (s, _), kr in zip(finals, krs, strict=True))
    )
    closed = obj.model_copy(update={"key_results": krs, "final_score": total})
    notes = [None if n is None else yaml_string(n) for _, n in finals]
    return closed, [yaml_number(s) for s, _ in finals], yaml_number(total), notes


def _check_closable(ws: Workspace, cycle_id: str, as_of: dt.date, force: bool) -> Cycle:
    files = ws.repo.cycles.get(cycle_id)
    if files is None:
        raise OkrctlError(f"no cycle '{cycle_id}' (cycles/{cycle_id}/ does not exist)")
    if files.cycle is None:
        raise OkrctlError(f"{layout.cycle_file(cycle_id)} does not load: run `okrctl validate`")
    c = files.cycle.model
    if c.status is CycleStatus.CLOSED:
        raise OkrctlError(f"cycle {cycle_id} is already closed: its final scores are recorded")
    if as_of < c.end and not force:
        raise OkrctlError(
            f"cycle {cycle_id} runs until {c.end} (today is {as_of}): closing it early "
            "needs --force"
        )
    broken = [
        d
        for d in ws.repo.diagnostics
        if d.file.startswith(layout.cycle_dir(cycle_id) + "/") and d.severity.value == "error"
    ]
    if broken:
        d = broken[0]
        raise OkrctlError(
            f"{d.file}:{d.line}:{d.col}: {d.code} {d.message}\n"
            f"(cycle {cycle_id} has files that do not load; fix them first: nothing was written)"
        )
    return c


def _check_id(root: Path, cycle_id: str) -> None:
    """A usage error for an empty or malformed id (before it is joined to a path)."""
    if ID_RE.match(cycle_id):
        return
    if not cycle_id.strip():
        try:
            found = (root / layout.CYCLES).iterdir()
            known = sorted(p.name for p in found if ID_RE.match(p.name) and p.is_dir())
        except OSError:
            known = []
        hint = f" (cycles: {', '.join(known)})" if known else ""
        raise OkrctlError(f"name the cycle to close: okrctl cycle close ID{hint}")
    raise OkrctlError(
        f"'{cycle_id}' is not a cycle id: ids are lowercase letters, digits and '-', "
        "like the folder names in cycles/"
    )


def _closing_texts(
    files: CycleFiles, cycle: Cycle, graded: dict[tuple[str, str], Grade]
) -> tuple[dict[str, str], dict[str, Objective], str]:
    """Every objective file's text with its final scores, the closed objectives, and
    cycle.yaml's text with `status: closed`; each edit read back (nothing is written)."""
    texts: dict[str, str] = {}
    closed_models: dict[str, Objective] = {}
    try:
        for oid, doc in files.objectives.items():
            mine = {kr: g for (o, kr), g in graded.items() if o == oid}
            closed, kr_texts, total, notes = _closed_objective(doc.model, mine)
            new = set_final_scores(doc.source.text, total, kr_texts, notes)
            check_roundtrip(doc.source.path, new, closed)
            texts[doc.source.path] = new
            closed_models[oid] = closed
        assert files.cycle is not None
        new = set_status(files.cycle.source.text, CycleStatus.CLOSED.value)
        closed_cycle = cycle.model_copy(update={"status": CycleStatus.CLOSED})
        check_roundtrip(files.cycle.source.path, new, closed_cycle)
    except EditError as exc:
        raise OkrctlError(f"{exc.message}; nothing was written") from None
    return texts, closed_models, new


def _diff(root: Path, outputs: dict[Path, bytes]) -> str:
    """The unified diff of every file as closing would write it."""
    return "".join(
        unified_diff(
            path.relative_to(root).as_posix(),
            path.read_text(encoding="utf-8-sig") if path.exists() else "",
            data.decode("utf-8-sig"),
        )
        for path, data in outputs.items()
    )


def _write_in_order(root: Path, outputs: dict[Path, bytes]) -> tuple[str, ...]:
    """Write each file in turn; a failure names the ones written before it."""
    written: list[str] = []
    for path, data in outputs.items():
        try:
            write_atomic(path, data)
        except OSError as exc:
            done = ", ".join(written) or "nothing"
            raise OkrctlError(
                f"{cannot_write(path, exc).message} (written before: {done}; the cycle is "
                "not closed: run the command again once the file can be written)"
            ) from None
        written.append(path.relative_to(root).as_posix())
    return tuple(written)


def close_cycle(
    root: Path,
    cycle_id: str,
    as_of: dt.date,
    force: bool,
    retrospective: Callable[[QuarterlyReview], str],
    *,
    dry_run: bool = False,
    commit: bool = False,
    grades: list[Grade] | None = None,
) -> CloseResult:
    """Record the final score of every key result and objective, write the retrospective
    (made by `retrospective` from the QBR) and set `status: closed`, in that order. With
    `dry_run`, only the diff; with `commit`, one git commit of exactly those files. A key
    result in `grades` records the owner's grade and its reason (`score_note`) instead of
    its computed score; its objective's score is the weighted mean including it.
    """
    _check_id(root, cycle_id)
    folder = root / layout.cycle_dir(cycle_id)
    inside(root, folder)  # cycles/ may be a link out of the repo: never written through
    if not folder.is_dir():
        raise OkrctlError(f"no cycle '{cycle_id}' (cycles/{cycle_id}/ does not exist)")
    objectives_dir = root / layout.objectives_dir(cycle_id)
    with locked([p for p in (folder, objectives_dir) if p.is_dir()]):
        ws = open_workspace(root, as_of)
        cycle = _check_closable(ws, cycle_id, as_of, force)
        files = ws.repo.cycles[cycle_id]
        graded = _graded(ws, cycle_id, grades or [])
        texts, closed_models, cycle_text = _closing_texts(files, cycle, graded)
        review = quarterly(_scorer_with(ws, cycle_id, closed_models), cycle_id)
        retro_rel = f"reviews/{cycle_id}/retrospective.md"
        retro = root / retro_rel
        kept = retro_rel if retro.exists() else None
        outputs = {root / path: _with_bom(root / path, text) for path, text in texts.items()}
        if kept is None:
            try:  # the one folder to make, before any file changes
                make_folder(retro.parent, root)
            except OkrctlError as exc:
                raise OkrctlError(f"{exc.message}; nothing was written") from None
            outputs[retro] = retrospective(review).encode("utf-8")
        assert files.cycle is not None
        rel = files.cycle.source.path
        # cycle.yaml last: until it says closed, running the command again redoes it all.
        outputs[root / rel] = _with_bom(root / rel, cycle_text)
        for path in outputs:  # reviews/ (or a file) may be a link out of the repo
            inside(root, path)
        diff = _diff(root, outputs)
        if dry_run:
            return CloseResult(cycle_id, (), kept, review, diff, written_files=False)
        if commit:
            from okrctl.history.commit import check_can_commit

            check_can_commit(root, list(outputs))
        written = _write_in_order(root, outputs)
        sha = None
        if commit:
            from okrctl.history.commit import commit_files

            sha = commit_files(root, list(outputs), _close_message(cycle_id, review))
    return CloseResult(cycle_id, written, kept, review, diff, commit=sha)


def _scorer_with(ws: Workspace, cycle_id: str, closed: dict[str, Objective]) -> Scorer:
    """A scorer of the repo with the cycle's objectives as closing records them, so the
    retrospective shows the recorded scores (hand grades included)."""
    files = ws.repo.cycles[cycle_id]
    objectives = {
        oid: replace(doc, model=closed.get(oid, doc.model)) for oid, doc in files.objectives.items()
    }
    cycles = dict(ws.repo.cycles) | {cycle_id: replace(files, objectives=objectives)}
    return Scorer(replace(ws.repo, cycles=cycles), ws.scorer.as_of)


def _close_message(cycle_id: str, review: QuarterlyReview) -> str:
    """`close(2026-q4): final scores of 9 objectives, average 0.56`, one line per objective."""
    objectives = review.objectives()
    average = "" if review.average is None else f", key results average {review.average:.2f}"
    lines = [f"- {o.ref}: {o.score:.2f}" for o in objectives]
    head = f"close({cycle_id}): final scores of {len(objectives)} objectives{average}"
    return head + ("\n\n" + "\n".join(lines) if lines else "")


def _with_bom(path: Path, text: str) -> bytes:
    """The text as bytes, keeping a byte order mark the file started with."""
    with open(path, "rb") as handle:
        bom = handle.read(3) == b"\xef\xbb\xbf"
    return (("\ufeff" if bom else "") + text).encode("utf-8")
