"""Rules about alignment: `parent` references from an objective to an objective or a key
result (read by the one resolver, okrctl.model.refs.parent)."""

from __future__ import annotations

from collections.abc import Iterator

from okrctl.model import Severity
from okrctl.model.diagnostic import Draft
from okrctl.model.layout import id_key
from okrctl.rules.engine import RuleContext, rule

E, W = Severity.ERROR, Severity.WARNING


@rule(
    "OKR301",
    "parent-unresolved",
    E,
    "An objective's `parent` names an existing objective or key result.",
)
def parent_unresolved(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `parent: grow-revnue`. Good: `parent: grow-revenue`, `parent: 2026/grow-revenue`
    or, aligned to a key result, `parent: grow-revenue/new-logos`.

    When the parent's file exists but has errors, the finding says so and names that file
    (fix it first), rather than claiming the parent does not exist.
    """
    for cycle, doc in ctx.objectives():
        ref = doc.model.parent
        if not ref or ctx.resolve_objective(cycle.id, ref) is not None:
            continue
        broken = ctx.broken_files.get(id_key(ctx.parent_path(cycle.id, ref)))
        if broken is not None:
            message = (
                f"parent '{ref}' cannot be checked: its file {broken} has errors (fix them first)"
            )
        else:
            message = f"parent '{ref}' does not exist" + (
                "" if "/" in ref else f" in cycle {cycle.id}"
            )
        yield Draft.value_at(doc.source, ("parent",), message)


@rule(
    "OKR302",
    "parent-in-later-cycle",
    E,
    "An objective aligns to one in the same or an earlier/enclosing cycle, never a later one.",
)
def parent_in_later_cycle(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: a 2026-q4 objective whose parent is in 2027-q1. Good: a parent in 2026 or 2026-q4."""
    for cycle, doc in ctx.objectives():
        ref = doc.model.parent
        found = ctx.resolve_objective(cycle.id, ref) if ref else None
        if found is None or cycle.cycle is None or found[0].cycle is None:
            continue
        parent_cycle = found[0].cycle.model
        if parent_cycle.start > cycle.cycle.model.start:
            yield Draft.value_at(
                doc.source,
                ("parent",),
                f"parent '{ref}' is in cycle {found[0].id}, which starts after this one",
            )


@rule("OKR303", "alignment-loop", E, "Following `parent` links never leads back to the start.")
def alignment_loop(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: a → b → a. Good: a → b → company objective."""
    for cycle, doc in ctx.objectives():
        seen = {(cycle.id, doc.id)}
        current = (cycle, doc)
        while current[1].model.parent:
            nxt = ctx.resolve_objective(current[0].id, current[1].model.parent)
            if nxt is None:
                break
            key = (nxt[0].id, nxt[1].id)
            if key == (cycle.id, doc.id):
                yield Draft.value_at(
                    doc.source,
                    ("parent",),
                    f"alignment loop: following parent links from '{doc.id}' leads back to it",
                )
                break
            if key in seen:
                break  # a loop further up, reported on its own members
            seen.add(key)
            current = nxt


def _normal(title: str) -> str:
    return " ".join("".join(ch for ch in title.lower() if ch.isalnum() or ch.isspace()).split())


@rule("OKR304", "title-copies-parent", W, "An aligned objective does not copy its parent's title.")
def title_copies_parent(ctx: RuleContext) -> Iterator[Draft]:
    """Cascading is not copying: each level says how it contributes.

    Bad: parent and child both "Delight our customers". Good: child "Answer every ticket
    within 4 hours".
    """
    for cycle, doc in ctx.objectives():
        ref = doc.model.parent
        found = ctx.resolve_objective(cycle.id, ref) if ref else None
        if found and _normal(found[1].model.title) == _normal(doc.model.title):
            yield Draft.value_at(
                doc.source,
                ("title",),
                f"title copies its parent '{ref}': say how this level contributes",
            )
