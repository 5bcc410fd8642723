"""Who aligns to whom: the objectives whose `parent` names another objective or a key result."""

from __future__ import annotations

from collections import defaultdict

from okrctl.load.repo import StrategyRepo
from okrctl.model import refs

ObjKey = tuple[str, str]  # (cycle id, objective id)
KrKey = tuple[str, str, str]  # (cycle id, objective id, key result id)


class Alignment:
    """The aligned children of every objective and key result of one repo, found in one walk
    on first use (each `parent` is resolved once, not once per question)."""

    def __init__(self, repo: StrategyRepo) -> None:
        self.repo = repo
        self._of_objective: dict[ObjKey, list[ObjKey]] | None = None
        self._of_key_result: dict[KrKey, list[ObjKey]] = {}

    def _index(self) -> dict[ObjKey, list[ObjKey]]:
        # An objective aligned to a key result is also a child of its objective.
        of_objective: dict[ObjKey, list[ObjKey]] = defaultdict(list)
        of_key_result: dict[KrKey, list[ObjKey]] = defaultdict(list)
        for files, doc in self.repo.objectives():
            ref = doc.model.parent
            found = refs.parent(ref, files.id, self.repo) if ref else None
            if found is not None and (found.cycle, found.item) != (files.id, doc.id):
                of_objective[(found.cycle, found.item)].append((files.id, doc.id))
                if found.key_result is not None:
                    kr_key = (found.cycle, found.item, found.key_result)
                    of_key_result[kr_key].append((files.id, doc.id))
        self._of_objective = dict(of_objective)
        self._of_key_result = dict(of_key_result)
        return self._of_objective

    def children(self, key: ObjKey) -> list[ObjKey]:
        """The objectives (of any cycle) whose `parent` names this one or one of its KRs."""
        index = self._of_objective if self._of_objective is not None else self._index()
        return index.get(key, [])

    def key_result_children(self, key: ObjKey, kr_id: str) -> list[ObjKey]:
        """The objectives whose `parent` names this key result (`objective/kr`)."""
        if self._of_objective is None:
            self._index()
        return self._of_key_result.get((*key, kr_id), [])
