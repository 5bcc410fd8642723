"""The rule registry and the engine that runs every rule over a loaded repo."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from okrctl.load.repo import CycleFiles, Document, StrategyRepo
from okrctl.model import Diagnostic, Objective, Severity
from okrctl.model.common import Level
from okrctl.model.config import Settings
from okrctl.model.cycle import Scope
from okrctl.model.diagnostic import Draft
from okrctl.model.layout import find_id, id_key, objective_file
from okrctl.model.severity import SeverityPolicy

# A rule's check: drafts at a YAML path of a file (`Draft.at`), their code left to the engine.
Check = Callable[["RuleContext"], Iterable[Draft]]


@dataclass(frozen=True)
class Rule:
    """A rule's public description. `check` is None for the loader's built-in codes."""

    code: str
    name: str
    severity: Severity
    summary: str
    check: Check | None = None

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip() if self.check else ""


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[Check], Check]:
    """Register a rule function under a stable code."""

    def register(check: Check) -> Check:
        assert code not in RULES, code
        RULES[code] = Rule(code, name, severity, summary, check)
        return check

    return register


def builtin(code: str, name: str, summary: str, severity: Severity = Severity.ERROR) -> None:
    """Register a code that the loader reports (syntax, schema), for `okrctl rules`."""
    RULES[code] = Rule(code, name, severity, summary)


LEVEL_OF_SCOPE = {
    Scope.COMPANY: Level.COMPANY,
    Scope.DEPARTMENT: Level.DEPARTMENT,
    Scope.TEAM: Level.TEAM,
}


class RuleContext:
    """The loaded repo plus the look-ups that several rules share."""

    def __init__(self, repo: StrategyRepo, today: dt.date) -> None:
        self.repo = repo
        self.today = today
        config = repo.config.model if repo.config else None
        self.settings = config.settings if config else Settings()
        self.theme_ids = {t.id for t in config.themes} if config else None
        self.people_ids = {p.id for p in config.people} if config and config.people else None
        self.team_ids = {t.id for t in config.teams} if config and config.teams else None

    def objectives(self) -> Iterator[tuple[CycleFiles, Document[Objective]]]:
        yield from self.repo.objectives()

    def resolve_objective(
        self, cycle_id: str, ref: str
    ) -> tuple[CycleFiles, Document[Objective]] | None:
        """The objective a `parent` reference names (for a key result, its objective), or
        None: the one resolver of okrctl.model.refs, ids matched case-insensitively."""
        from okrctl.model import refs

        found = refs.parent(ref, cycle_id, self.repo)
        if found is None:
            return None
        cycle = self.repo.cycles[found.cycle]
        return cycle, cycle.objectives[found.item]

    def parent_path(self, cycle_id: str, ref: str) -> str:
        """The file a `parent` reference names (whether or not it loaded): `objective`,
        `cycle/objective` (read first, as every reference), `objective/kr`, `cycle/objective/kr`.
        """
        parts = ref.split("/")
        if len(parts) == 3 or (len(parts) == 2 and find_id(parts[0], self.repo.cycles)):
            cycle = find_id(parts[0], self.repo.cycles) or parts[0]
            return objective_file(cycle, parts[1])
        return objective_file(cycle_id, parts[0])

    @cached_property
    def broken_files(self) -> dict[str, str]:
        """The files the loader found errors in (by `id_key` of their path), with the path."""
        return {
            id_key(d.file): d.file
            for d in self.repo.diagnostics
            if d.severity is Severity.ERROR and d.file
        }

    @staticmethod
    def known(value: str, ids: set[str]) -> bool:
        """Whether `value` is one of `ids`, ignoring case (`CEO` is the person `ceo`)."""
        return value in ids or id_key(value) in {id_key(i) for i in ids}

    def level_of(self, cycle: CycleFiles, objective: Objective) -> Level:
        if objective.level is not None:
            return objective.level
        if cycle.cycle is None:
            return Level.COMPANY
        return LEVEL_OF_SCOPE[cycle.cycle.model.scope]

    @cached_property
    def policy(self) -> SeverityPolicy:
        return SeverityPolicy(self.settings.rules)


_RULE_MODULES = (
    "builtin",
    "objectives",
    "key_results",
    "checkins",
    "alignment",
    "kpis",
    "cycles",
    "closed",
    "history",
    "measure",
    "links",
)


def load_rules() -> dict[str, Rule]:
    for name in _RULE_MODULES:
        importlib.import_module(f"okrctl.rules.{name}")
    return RULES


def run_rules(repo: StrategyRepo, today: dt.date) -> list[Diagnostic]:
    """Every semantic finding in the repo, as diagnostics with positions."""
    ctx = RuleContext(repo, today)
    out: list[Diagnostic] = []
    for r in load_rules().values():
        if r.check is None or ctx.policy.turned_off(r.code):
            continue
        out += ctx.policy.apply(d.with_code(r.code, r.severity) for d in r.check(ctx))
    return out
