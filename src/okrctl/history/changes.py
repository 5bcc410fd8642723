"""The semantic difference between two versions of strategy files. Pure: no git, no I/O.

Objects are matched by id. Every change is classified: routine progress (check-ins,
initiative updates), goal changes (what the organisation aims for), history rewrites (an
existing check-in edited, deleted or inserted before the last), measurement changes (a
`measure` block or a source: how a number is obtained) and other edits (wording).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel

from okrctl.load.source import Loc
from okrctl.model import Checkin, Cycle, Initiative, KeyResult, Kpi, Objective, StrategyConfig
from okrctl.model.measure import Measure
from okrctl.results.changes import Change, ChangeKind, Subject, fmt


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return '"' + (text if len(text) <= limit else text[: limit - 1] + "…") + '"'


OBJECTIVE_GOAL = ("theme", "owner", "parent", "weight", "level", "team")
OBJECTIVE_OTHER = ("title", "why", "contributors", "carried_from")
KR_GOAL = ("target", "baseline", "direction", "unit", "weight", "owner")
KPI_GOAL = ("target", "baseline", "direction", "unit", "thresholds", "owner", "theme")
KPI_GOAL2 = ("perspective", "frequency")
CYCLE_GOAL = ("start", "end")
CYCLE_OTHER = ("name", "scope", "team", "parent", "status", "cadence")
INITIATIVE_PROGRESS = ("status", "progress", "notes")
INITIATIVE_OTHER = ("title", "owner", "due")


class _Differ:
    """Collects the changes of one file; `path` and the YAML locations point into it."""

    def __init__(self, cycle: str, path: str) -> None:
        self.cycle = cycle
        self.path = path
        self.out: list[Change] = []

    def add(
        self,
        kind: ChangeKind,
        subject: Subject,
        ref: str,
        field: str,
        text: str,
        loc: Loc = (),
        **extra: Any,
    ) -> None:
        self.out.append(
            Change(kind, subject, self.cycle, ref, field, text, self.path, loc, **extra)
        )

    def fields(
        self,
        subject: Subject,
        ref: str,
        old: BaseModel,
        new: BaseModel,
        names: Sequence[str],
        kind: ChangeKind,
        loc: Loc = (),
    ) -> None:
        for name in names:
            a, b = getattr(old, name), getattr(new, name)
            if a != b:
                text = f"{name} {fmt(a)} → {fmt(b)}"
                if name in ("title", "why", "notes"):
                    text = f"{name} changed to {_quote(fmt(b))}"
                elif name == "final_score" and a is None:  # what `okrctl cycle close` writes
                    text = f"final score recorded: {fmt(b)}"
                self.add(kind, subject, ref, name, text, (*loc, name), before=a, after=b)

    def objective(self, ref: str, old: Objective | None, new: Objective | None) -> None:
        o = Subject.OBJECTIVE
        if old is None or new is None:
            if new is not None:
                self.add(ChangeKind.GOAL, o, ref, "added", f"added: {_quote(new.title)}")
            elif old is not None:
                self.add(ChangeKind.GOAL, o, ref, "removed", f"removed: {_quote(old.title)}")
            return
        if old == new:
            return
        self.fields(o, ref, old, new, OBJECTIVE_GOAL, ChangeKind.GOAL)
        self.status(o, ref, old, new, ())
        self.fields(o, ref, old, new, OBJECTIVE_OTHER, ChangeKind.OTHER)
        self.fields(o, ref, old, new, ("final_score",), ChangeKind.PROGRESS)
        olds = {k.id: k for k in old.key_results}
        news = {k.id: (i, k) for i, k in enumerate(new.key_results)}
        gone = [k for k in old.key_results if k.id not in news]
        for kr_id, (i, kr) in news.items():
            loc: Loc = ("key_results", i)
            if kr_id in olds:
                self.key_result(f"{ref}/{kr_id}", olds[kr_id], kr, loc)
                continue
            twin = next((g for g in gone if _same_but_id(g, kr)), None)
            if twin is not None:
                gone.remove(twin)
                text = f"key result renamed from {twin.id}"
                self.add(
                    ChangeKind.OTHER,
                    Subject.KEY_RESULT,
                    f"{ref}/{kr_id}",
                    "renamed",
                    text,
                    loc,
                    before=twin.id,
                    after=kr_id,
                )
            else:
                text = f"added: {_quote(kr.title)} ({fmt(kr.baseline)} → {fmt(kr.target)})"
                self.add(ChangeKind.GOAL, Subject.KEY_RESULT, f"{ref}/{kr_id}", "added", text, loc)
        for kr in gone:
            self.add(
                ChangeKind.GOAL,
                Subject.KEY_RESULT,
                f"{ref}/{kr.id}",
                "removed",
                f"removed: {_quote(kr.title)}",
            )

    def key_result(self, ref: str, old: KeyResult, new: KeyResult, loc: Loc) -> None:
        k = Subject.KEY_RESULT
        fresh = [a for a in new.adjustments if a not in old.adjustments]
        for name in KR_GOAL:
            a, b = getattr(old, name), getattr(new, name)
            if a == b:
                continue
            text = f"{name} {fmt(a)} → {fmt(b)}"
            reason = None
            if name in ("target", "baseline"):
                match = [j for j in fresh if j.field == name and j.to == b and j.reason.strip()]
                reason = match[-1].reason if match else None
                text += f" (adjustment: {_quote(reason)})" if reason else " (no adjustment)"
            self.add(
                ChangeKind.GOAL,
                k,
                ref,
                name,
                text,
                (*loc, name),
                before=a,
                after=b,
                adjustment=reason,
            )
        self.status(k, ref, old, new, loc)
        self.fields(k, ref, old, new, ("title",), ChangeKind.OTHER, loc)
        self.fields(k, ref, old, new, ("final_score",), ChangeKind.PROGRESS, loc)
        for adj in fresh:
            if getattr(old, adj.field) == getattr(new, adj.field):
                text = f"adjustment recorded: {adj.field} {fmt(adj.from_)} → {fmt(adj.to)}"
                self.add(
                    ChangeKind.OTHER,
                    k,
                    ref,
                    "adjustment",
                    f"{text} ({_quote(adj.reason)})",
                    (*loc, "adjustments"),
                )
        self.measure(k, ref, old.measure, new.measure, loc)
        self.checkins(k, ref, old.checkins or [], new.checkins or [], new.baseline, loc)
        self.initiatives(ref, old.initiatives, new.initiatives, loc)

    def status(
        self,
        subject: Subject,
        ref: str,
        old: Objective | KeyResult,
        new: Objective | KeyResult,
        loc: Loc,
    ) -> None:
        """A drop (or a revival) is a goal change; with a new `status` adjustment to that
        status, its reason is the change's `adjustment`, as for a target."""
        if old.status == new.status:
            return
        fresh = [a for a in new.adjustments if a not in old.adjustments]
        match = [
            a for a in fresh if a.field == "status" and a.to == new.status and a.reason.strip()
        ]
        reason = match[-1].reason if match else None
        if new.status == "dropped":
            text = f"dropped: {_quote(reason)}" if reason else "dropped (no adjustment)"
        else:
            text = f"status {fmt(old.status)} → {fmt(new.status)}"
            text += f" (adjustment: {_quote(reason)})" if reason else " (no adjustment)"
        self.add(
            ChangeKind.GOAL,
            subject,
            ref,
            "status",
            text,
            (*loc, "status"),
            before=old.status,
            after=new.status,
            adjustment=reason,
        )

    def initiatives(self, ref: str, old: list[Initiative], new: list[Initiative], loc: Loc) -> None:
        i_ = Subject.INITIATIVE
        olds = {i.id: i for i in old}
        for n, ini in enumerate(new):
            iref, iloc = f"{ref}/{ini.id}", (*loc, "initiatives", n)
            before = olds.pop(ini.id, None)
            if before is None:
                self.add(
                    ChangeKind.OTHER,
                    i_,
                    iref,
                    "added",
                    f"initiative added: {_quote(ini.title)}",
                    iloc,
                )
                continue
            self.fields(i_, iref, before, ini, INITIATIVE_PROGRESS, ChangeKind.PROGRESS, iloc)
            self.fields(i_, iref, before, ini, INITIATIVE_OTHER, ChangeKind.OTHER, iloc)
        for gone in olds.values():
            self.add(
                ChangeKind.OTHER,
                i_,
                f"{ref}/{gone.id}",
                "removed",
                f"initiative removed: {_quote(gone.title)}",
            )

    def checkins(
        self,
        subject: Subject,
        ref: str,
        old: list[Checkin],
        new: list[Checkin],
        baseline: Any,
        loc: Loc,
    ) -> None:
        for field, index, text, date in checkin_changes(old, new, baseline):
            kind = ChangeKind.PROGRESS if field == "checkin" else ChangeKind.REWRITE
            where = (*loc, "checkins", index) if index is not None else (*loc, "checkins")
            source = new[index].source if index is not None else None
            self.add(kind, subject, ref, field, text, where, date=date, source=source)

    def measure(
        self, subject: Subject, ref: str, old: Measure | None, new: Measure | None, loc: Loc
    ) -> None:
        """A changed `measure` block: the definition of the number moved."""
        if old == new:
            return
        if old is None or new is None:
            field, m = ("measure-added", new) if new is not None else ("measure-removed", old)
            assert m is not None
            verb = "added" if new is not None else "removed"
            text = f"measure {verb} (source {m.source})"
        else:
            field = "measure"
            names = [n for n in Measure.model_fields if getattr(old, n) != getattr(new, n)]
            text = "measure changed: " + ", ".join(names)
            if "source" in names:
                text += f" (source {old.source} → {new.source})"
        self.add(ChangeKind.MEASUREMENT, subject, ref, field, text, (*loc, "measure"))

    def kpi(self, ref: str, old: Kpi | None, new: Kpi | None) -> None:
        if old is None or new is None:
            if new is not None:
                self.add(ChangeKind.GOAL, Subject.KPI, ref, "added", f"added: {_quote(new.title)}")
            elif old is not None:
                text = f"removed: {_quote(old.title)}"
                self.add(ChangeKind.GOAL, Subject.KPI, ref, "removed", text)
            return
        self.fields(Subject.KPI, ref, old, new, KPI_GOAL + KPI_GOAL2, ChangeKind.GOAL)
        self.fields(Subject.KPI, ref, old, new, ("title",), ChangeKind.OTHER)
        self.measure(Subject.KPI, ref, old.measure, new.measure, ())
        self.checkins(Subject.KPI, ref, old.checkins or [], new.checkins or [], new.baseline, ())

    def cycle_file(self, ref: str, old: Cycle | None, new: Cycle | None) -> None:
        if old is None or new is None:
            field = "added" if new is not None else "removed"
            self.add(ChangeKind.GOAL, Subject.CYCLE, ref, field, f"cycle {field}")
            return
        self.fields(Subject.CYCLE, ref, old, new, CYCLE_GOAL, ChangeKind.GOAL)
        self.fields(Subject.CYCLE, ref, old, new, CYCLE_OTHER, ChangeKind.OTHER)

    def config(self, old: StrategyConfig | None, new: StrategyConfig | None) -> None:
        if old is None or new is None:
            return
        olds = {t.id: t for t in old.themes}
        news = {t.id: t for t in new.themes}
        for tid in news.keys() - olds.keys():
            self.add(
                ChangeKind.GOAL,
                Subject.CONFIG,
                "okrctl",
                "theme-added",
                f"theme {tid} added: {_quote(news[tid].name)}",
            )
        for tid in olds.keys() - news.keys():
            self.add(
                ChangeKind.GOAL, Subject.CONFIG, "okrctl", "theme-removed", f"theme {tid} removed"
            )
        for tid in sorted(olds.keys() & news.keys()):
            if olds[tid] != news[tid]:
                self.add(
                    ChangeKind.OTHER,
                    Subject.CONFIG,
                    "okrctl",
                    "theme-changed",
                    f"theme {tid} changed: {_quote(news[tid].name)}",
                )
        for sid in sorted(old.sources.keys() | new.sources.keys()):
            a, b = old.sources.get(sid), new.sources.get(sid)
            if a != b:  # never the url itself: it may hold a password
                verb = "added" if a is None else "removed" if b is None else "changed"
                self.add(
                    ChangeKind.MEASUREMENT,
                    Subject.CONFIG,
                    "okrctl",
                    f"source-{verb}",
                    f"source {sid} {verb}",
                    ("sources", sid) if b is not None else (),
                )
        for name in ("organization", "vision", "people", "teams", "settings"):
            if getattr(old, name) != getattr(new, name):
                self.add(ChangeKind.OTHER, Subject.CONFIG, "okrctl", name, f"{name} changed")


def _same_but_id(a: BaseModel, b: BaseModel) -> bool:
    return a.model_dump(exclude={"id"}) == b.model_dump(exclude={"id"})


def checkin_changes(
    old: Sequence[Checkin], new: Sequence[Checkin], baseline: Any
) -> Iterator[tuple[str, int | None, str, Any]]:
    """(field, index in `new`, text, date) of each change to a check-in series.

    Appending is progress (`checkin`); anything else rewrites recorded history:
    `checkin-edited`, `checkin-deleted` or `checkin-inserted` (before the last one).
    """
    last_old = old[-1].date if old else None
    for tag, i1, i2, j1, j2 in _opcodes(old, new):
        if tag == "equal":
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        for i in list(olds):  # the same date on both sides: an edit of that check-in
            j = next((j for j in news if new[j].date == old[i].date), None)
            if j is not None:
                olds.remove(i)
                news.remove(j)
                yield (
                    "checkin-edited",
                    j,
                    f"check-in {new[j].date} edited: " + _edit(old[i], new[j]),
                    new[j].date,
                )
        for i in olds:
            text = f"check-in {old[i].date} deleted (value {fmt(old[i].value)})"
            yield "checkin-deleted", None, text, old[i].date
        for j in news:
            at_end = i2 == len(old) and (last_old is None or new[j].date >= last_old)
            if not at_end:
                text = f"check-in {new[j].date} inserted before {fmt(last_old)}"
                yield "checkin-inserted", j, text, new[j].date
                continue
            previous = new[j - 1].value if j > 0 else baseline
            yield "checkin", j, _appended(new[j], previous), new[j].date


def _opcodes(
    old: Sequence[Checkin], new: Sequence[Checkin]
) -> Sequence[tuple[str, int, int, int, int]]:
    """How `new` differs from `old`, as `SequenceMatcher.get_opcodes()` says it."""
    # The usual case, only appended: compare field values directly (pydantic's `==` costs
    # a few microseconds per check-in, and a first..last diff compares tens of thousands).
    if len(new) >= len(old) and all(
        a.__dict__ == b.__dict__ for a, b in zip(old, new[: len(old)], strict=True)
    ):
        return [("insert", len(old), len(old), len(old), len(new))] if new[len(old) :] else []
    keys_old = [c.model_dump_json() for c in old]
    keys_new = [c.model_dump_json() for c in new]
    return SequenceMatcher(None, keys_old, keys_new, autojunk=False).get_opcodes()


def _appended(c: Checkin, previous: Any) -> str:
    """A new check-in at the end: `check-in D: 61 → 66, confidence 0.7, note "..."`."""
    text = f"check-in {c.date}: {fmt(previous)} → {fmt(c.value)}"
    if c.confidence is not None:
        text += f", confidence {fmt(c.confidence)}"
    if c.note:
        text += f", note {_quote(c.note)}"
    if c.blockers:
        text += f", {len(c.blockers)} blocker(s)"
    if c.source is not None:
        text += f", measured from {c.source}"
    return text


def _edit(a: Checkin, b: Checkin) -> str:
    parts = []
    for name in ("value", "confidence", "note", "blockers"):
        x, y = getattr(a, name), getattr(b, name)
        if x != y:
            shown = (_quote(fmt(x)), _quote(fmt(y))) if name == "note" else (fmt(x), fmt(y))
            parts.append(f"{name} {shown[0]} → {shown[1]}")
    return ", ".join(parts)


def diff_file(
    kind: str, cycle: str, ident: str, path: str, old: BaseModel | None, new: BaseModel | None
) -> list[Change]:
    """The changes between two versions of one file (None: the file does not exist)."""
    d = _Differ(cycle, path)
    ref = f"{cycle}/{ident}"
    if kind == "objective":
        d.objective(ref, _as(old, Objective), _as(new, Objective))
    elif kind == "kpi":
        d.kpi(ref, _as(old, Kpi), _as(new, Kpi))
    elif kind == "cycle":
        d.cycle_file(cycle, _as(old, Cycle), _as(new, Cycle))
    elif kind == "config":
        d.config(_as(old, StrategyConfig), _as(new, StrategyConfig))
    return d.out


def _as(value: BaseModel | None, model: type[Any]) -> Any:
    assert value is None or isinstance(value, model)
    return value
