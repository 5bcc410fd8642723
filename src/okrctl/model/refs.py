"""The one reference grammar and resolver: what `cx-leader/nps` names (no pydantic here).

A reference is `cycle`, `objective`, `objective/kr`, `kpi` (in the home cycle, else any
cycle where it is unique), `cycle/objective`, `cycle/kpi` or `cycle/objective/kr`. One rule
for every command (checkin, show, log, diff, completion): a reading written in full (with
its cycle) wins over a short one (`a/b` is `cycle/kpi` before `objective/kr`: the short
reading can always be written in full, the full one cannot be written otherwise); a short
reference is looked up in the home cycle first, then in every cycle; when several things
are left, it is ambiguous and the error lists each in full.
What exists is asked of an `Index` (a loaded repo, the files on disk, the paths of a
revision).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from okrctl.model import layout
from okrctl.model.errors import OkrctlError
from okrctl.model.suggest import did_you_mean


class RefKind(StrEnum):
    CYCLE = "cycle"
    OBJECTIVE = "objective"
    KEY_RESULT = "key result"
    KPI = "KPI"


ANY = frozenset(RefKind)
ITEMS = frozenset({RefKind.OBJECTIVE, RefKind.KEY_RESULT, RefKind.KPI})


@dataclass(frozen=True)
class Ref:
    """A resolved reference: a cycle, or an objective, key result or KPI in a cycle."""

    kind: RefKind
    cycle: str
    item: str = ""  # the objective's or KPI's id ('' for a cycle)
    key_result: str | None = None

    @property
    def text(self) -> str:
        """The canonical, full form: `cycle/objective/kr`, `cycle/kpi`, `cycle`."""
        return "/".join(p for p in (self.cycle, self.item, self.key_result) if p)

    @property
    def label(self) -> str:
        """The form within its cycle: `objective/kr`, `objective`, `kpi`."""
        return "/".join(p for p in (self.item, self.key_result) if p) or self.cycle

    @property
    def path(self) -> str:
        """The file (or, for a cycle, the folder) that holds it."""
        if self.kind is RefKind.CYCLE:
            return layout.cycle_dir(self.cycle)
        if self.kind is RefKind.KPI:
            return layout.kpi_file(self.cycle, self.item)
        return layout.objective_file(self.cycle, self.item)


class Index(Protocol):
    """What exists, for the resolver."""

    def cycle_ids(self) -> Sequence[str]: ...

    def objective_ids(self, cycle: str) -> Collection[str]: ...

    def kpi_ids(self, cycle: str) -> Collection[str]: ...

    def key_result_ids(self, cycle: str, objective: str) -> Collection[str] | None:
        """The objective's key result ids; None when not known without reading more (then
        any id is taken as existing, and the caller checks it when it reads the file)."""
        ...


def parse(text: str, what: str = "reference") -> list[str]:
    """The ids of a reference; OkrctlError when it is not one (every part must be an id,
    so a reference can never reach outside the layout, e.g. with `..`)."""
    parts = text.strip().split("/")
    if not 1 <= len(parts) <= 3 or not all(layout.ID_RE.match(p) for p in parts):
        raise OkrctlError(
            f"'{text}' is not a {what}: write objective, objective/kr, kpi, cycle/objective, "
            "cycle/kpi or cycle/objective/kr"
        )
    return parts


def readings(parts: Sequence[str], home: str | None, cycles: Sequence[str]) -> list[Ref]:
    """Every thing the parts could name, existing or not: the short forms in the home
    cycle first, then in every other cycle."""
    order: list[str] = ([home] if home is not None and home in cycles else []) + [
        c for c in cycles if c != home
    ]
    obj, kpi, kr = RefKind.OBJECTIVE, RefKind.KPI, RefKind.KEY_RESULT
    if len(parts) == 3:
        return [Ref(kr, parts[0], parts[1], parts[2])]
    if len(parts) == 2:
        a, b = parts
        return [Ref(obj, a, b), Ref(kpi, a, b), *(Ref(kr, c, a, b) for c in order)]
    (a,) = parts
    return [Ref(RefKind.CYCLE, a), *(r for c in order for r in (Ref(obj, c, a), Ref(kpi, c, a)))]


def existing(ref: Ref, index: Index) -> Ref | None:
    """The thing `ref` names as it is spelled in the repo, or None when it does not exist.

    Ids match case-insensitively (`fy20-q2/ceo-grow` names `FY20-Q2/CEO-grow`), an exact
    spelling first; the result carries the repo's spelling, so its `path` is the file's.
    """
    cycle = layout.find_id(ref.cycle, index.cycle_ids())
    if cycle is None:
        return None
    if ref.kind is RefKind.CYCLE:
        return Ref(ref.kind, cycle)
    if ref.kind is RefKind.KPI:
        kpi = layout.find_id(ref.item, index.kpi_ids(cycle))
        return None if kpi is None else Ref(ref.kind, cycle, kpi)
    item = layout.find_id(ref.item, index.objective_ids(cycle))
    if item is None:
        return None
    if ref.kind is RefKind.OBJECTIVE:
        return Ref(ref.kind, cycle, item)
    krs = index.key_result_ids(cycle, item)
    if krs is None:
        return Ref(ref.kind, cycle, item, ref.key_result)
    kr = layout.find_id(ref.key_result or "", krs)
    return None if kr is None else Ref(ref.kind, cycle, item, kr)


def exists(ref: Ref, index: Index) -> bool:
    return existing(ref, index) is not None


def found(text: str, home: str | None, index: Index, kinds: Collection[RefKind] = ANY) -> list[Ref]:
    """The existing things `text` names, of the wanted kinds, preferring the home cycle for
    a short reference."""
    parts = parse(text)
    refs: list[Ref] = []
    for reading in readings(parts, home, index.cycle_ids()):
        if reading.kind in kinds:
            ref = existing(reading, index)
            if ref is not None:
                refs.append(ref)
    full = [r for r in refs if not _short(r, parts)]
    if full:
        return list(dict.fromkeys(full))
    if home is not None and any(r.cycle == home for r in refs):
        # A short form found in the home cycle wins over the same id elsewhere.
        refs = [r for r in refs if r.cycle == home]
    return list(dict.fromkeys(refs))


ALIGNABLE = frozenset({RefKind.OBJECTIVE, RefKind.KEY_RESULT})


def parent(text: str, home: str, index: Index) -> Ref | None:
    """What an objective's `parent` (`[cycle/]objective[/kr]`) names: an objective, or a key
    result to align to; None when it names nothing, or several things. A lone id is an
    objective of the same cycle (`home`); `a/b` is cycle/objective before objective/kr."""
    try:
        hits = found(text, home, index, ALIGNABLE)
    except OkrctlError:
        return None
    if len(text.strip().split("/")) == 1:
        hits = [r for r in hits if r.cycle == home]
    return hits[0] if len(hits) == 1 else None


def _short(ref: Ref, parts: Sequence[str]) -> bool:
    """Whether the reading leaves the cycle out (`objective`, `objective/kr`)."""
    return (
        len(parts) == 1
        and ref.kind is not RefKind.CYCLE
        or (len(parts) == 2 and ref.kind is RefKind.KEY_RESULT)
    )


def resolve(
    text: str,
    home: str | None,
    index: Index,
    kinds: Collection[RefKind] = ANY,
) -> Ref:
    """The one thing `text` names; OkrctlError naming the choices when several do, and
    saying which part names nothing (with the closest names of the right kind) when none
    does."""
    refs = found(text, home, index, kinds)
    if len(refs) == 1:
        return refs[0]
    if len(refs) > 1:
        options = " or ".join(f"{r.text} ({r.kind.value})" for r in refs)
        raise OkrctlError(f"'{text}' is ambiguous: it could be {options}; write it in full")
    other = found(text, home, index, ANY) if set(kinds) != ANY else []
    if other:
        r = other[0]
        hint = f": name one of its key results as {text.strip()}/KR"
        raise OkrctlError(
            f"'{text.strip()}' is {_a(r.kind.value)} in cycle {r.cycle}, not "
            f"{_a(_kinds_text(kinds))}" + (hint if r.kind is RefKind.OBJECTIVE else "")
        )
    raise OkrctlError(_nothing(parse(text), home, index, kinds))


def _nothing(
    parts: Sequence[str], home: str | None, index: Index, kinds: Collection[RefKind]
) -> str:
    """Which part of a reference names nothing, with the closest names there."""
    cycles = index.cycle_ids()
    where = f"in cycle {home}" if home in cycles else "in any cycle"
    places: list[str] = [home] if home is not None and home in cycles else list(cycles)

    def objectives(cycle_list: Iterable[str]) -> list[str]:
        return [o for c in cycle_list for o in index.objective_ids(c)]

    if len(parts) == 3:
        cycle, obj, kr = parts
        spelled = layout.find_id(cycle, cycles)
        if spelled is None:
            return f"no cycle '{cycle}'{did_you_mean(cycle, cycles)}"
        return _no_objective_or_kr(index, spelled, obj, kr, f"in cycle {spelled}")
    if len(parts) == 2:
        a, b = parts
        a = layout.find_id(a, cycles) or a  # `fy20-q2/nope` is about the cycle FY20-Q2
        if a in cycles:
            items = [k for k in (RefKind.OBJECTIVE, RefKind.KPI) if k in kinds]
            names = [*index.objective_ids(a), *index.kpi_ids(a)]
            if items:
                what = _kinds_text(items)
                return f"no {what} '{b}' in cycle {a}{did_you_mean(b, names)}"
        holder = next((c for c in places if a in index.objective_ids(c)), None)
        if holder is not None:
            return _no_objective_or_kr(index, holder, a, b, f"in cycle {holder}")
        return f"no objective '{a}' {where}{did_you_mean(a, objectives(places))}"
    (a,) = parts
    items = [k for k in (RefKind.CYCLE, RefKind.OBJECTIVE, RefKind.KPI) if k in kinds]
    if not items:  # only key results wanted: `objective/kr`
        return f"'{a}' is not a key result: write objective/kr{did_you_mean(a, objectives(places))}"
    known = list(known_refs(index, items, home))
    return f"no {_kinds_text(items)} '{a}' {where}{did_you_mean(a, known)}"


def _no_objective_or_kr(index: Index, cycle: str, obj: str, kr: str, where: str) -> str:
    known = layout.find_id(obj, index.objective_ids(cycle))
    if known is None:
        return f"no objective '{obj}' {where}{did_you_mean(obj, index.objective_ids(cycle))}"
    krs = index.key_result_ids(cycle, known) or ()
    hint = did_you_mean(kr, krs) or (f" (it has: {', '.join(krs)})" if krs else "")
    return f"objective '{obj}' has no key result '{kr}'{hint}"


def _a(word: str) -> str:
    return ("an " if word[0] in "aeiouAEIOU" else "a ") + word


def _kinds_text(kinds: Collection[RefKind]) -> str:
    names = [k.value for k in RefKind if k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def known_refs(index: Index, kinds: Collection[RefKind], home: str | None) -> Iterable[str]:
    """Every reference of the wanted kinds, short and full, for "did you mean"."""
    for cycle in index.cycle_ids():
        short = cycle == home or home is None
        if RefKind.CYCLE in kinds:
            yield cycle
        for oid in index.objective_ids(cycle):
            if RefKind.OBJECTIVE in kinds:
                yield from ([oid] if short else []) + [f"{cycle}/{oid}"]
            if RefKind.KEY_RESULT in kinds:
                for kr in index.key_result_ids(cycle, oid) or ():
                    yield from ([f"{oid}/{kr}"] if short else []) + [f"{cycle}/{oid}/{kr}"]
        if RefKind.KPI in kinds:
            for kid in index.kpi_ids(cycle):
                yield from ([kid] if short else []) + [f"{cycle}/{kid}"]
