"""The alignment cascade of a cycle: company → department → team → individual."""

from __future__ import annotations

from okrctl.load.repo import StrategyRepo
from okrctl.model import refs
from okrctl.model.common import Level
from okrctl.results.scores import CycleScore, ObjectiveScore
from okrctl.results.views import AlignmentTree, TreeNode
from okrctl.score.alignment import ObjKey
from okrctl.score.cycle import Scorer

_RANK = {lvl.value: i for i, lvl in enumerate(Level)}


def _parent(repo: StrategyRepo, key: ObjKey, ref: str | None) -> tuple[ObjKey | None, str | None]:
    """The objective `ref` names (None for none, or for the objective itself) and the key
    result it names, resolved once (the slow part of the tree)."""
    named = refs.parent(ref, key[0], repo) if ref else None
    if named is None or (named.cycle, named.item) == key:
        return None, None
    return (named.cycle, named.item), named.key_result


def alignment_tree(scorer: Scorer, cycle_id: str, cycle: CycleScore | None = None) -> AlignmentTree:
    """The cycle's objectives as a tree along `parent` links; `cycle`: the cycle's score
    when the caller has it already (scoring it again costs as much as the first time).

    Ancestors from other cycles (e.g. the annual objective a quarter aligns to) are
    included so that the cascade starts at the top; they are marked `in_cycle=False`.
    """
    repo = scorer.repo
    cycle = cycle if cycle is not None else scorer.cycle(cycle_id)
    scores: dict[ObjKey, ObjectiveScore] = {(cycle_id, o.id): o for o in cycle.objectives()}
    in_cycle = set(scores)
    parent_of: dict[ObjKey, ObjKey | None] = {}
    via: dict[ObjKey, str | None] = {}
    todo = list(scores)
    while todo:
        key = todo.pop()
        if key in parent_of:
            continue
        found, via[key] = _parent(repo, key, scores[key].parent)
        parent_of[key] = found
        if found is not None and found not in scores:
            scores[found] = scorer.objective(*found)
            todo.append(found)

    children: dict[ObjKey, list[ObjKey]] = {}
    for key, parent in parent_of.items():
        if parent is not None:
            children.setdefault(parent, []).append(key)

    def order(key: ObjKey) -> tuple[int, str, str]:
        return (_RANK.get(scores[key].level, 0), key[0], key[1])

    reached: set[ObjKey] = set()

    def build(key: ObjKey) -> TreeNode:
        reached.add(key)
        kids = sorted((k for k in children.get(key, []) if k not in reached), key=order)
        return TreeNode(scores[key], tuple(build(k) for k in kids), key in in_cycle, via.get(key))

    tops = sorted((k for k, p in parent_of.items() if p is None), key=order)
    roots = [build(k) for k in tops if scores[k].level == Level.COMPANY.value]
    unaligned = [build(k) for k in tops if scores[k].level != Level.COMPANY.value]
    looped = tuple(scores[k] for k in sorted(set(parent_of) - reached, key=order))
    return AlignmentTree(
        cycle_id, cycle.name, cycle.as_of, cycle.expected, tuple(roots), tuple(unaligned), looped
    )
