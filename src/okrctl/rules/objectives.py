"""Rules about objectives: theme, owner, people, key result count, focus."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from okrctl.load.source import Loc, SourceFile
from okrctl.model import Severity
from okrctl.model.diagnostic import Draft
from okrctl.model.layout import id_key
from okrctl.model.suggest import close_to
from okrctl.rules.engine import RuleContext, rule

E, W = Severity.ERROR, Severity.WARNING


def _did_you_mean(value: str, known: set[str]) -> str:
    hint = close_to(value, known, n=1)
    return f": did you mean '{hint[0]}'?" if hint else ""


@rule("OKR201", "theme-missing", E, "Every objective names the strategic theme it serves.")
def theme_missing(ctx: RuleContext) -> Iterator[Draft]:
    """You cannot create an OKR without a theme: every OKR must serve a strategic purpose.

    Bad: an objective file without `theme:`. Good: `theme: customer-experience`.
    """
    for _, doc in ctx.objectives():
        if doc.model.theme is None:
            yield Draft.at(
                doc.source,
                (),
                "objective has no theme: every OKR must serve one of "
                "the strategic themes in okrctl.yaml",
            )


@rule("OKR202", "theme-unknown", E, "An objective's or KPI's theme is a theme of okrctl.yaml.")
def theme_unknown(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `theme: growht` when okrctl.yaml defines `growth`. Good: `theme: growth`."""
    if ctx.theme_ids is None:
        return
    docs = [d for _, d in ctx.objectives()] + [d for _, d in ctx.repo.kpis()]
    for doc in docs:
        theme = doc.model.theme
        if theme is not None and not ctx.known(theme, ctx.theme_ids):
            yield Draft.value_at(
                doc.source,
                ("theme",),
                f"unknown theme '{theme}'" + _did_you_mean(theme, ctx.theme_ids),
            )


@rule("OKR203", "owner-missing", E, "Every objective and KPI has one accountable owner.")
def owner_missing(ctx: RuleContext) -> Iterator[Draft]:
    """Goals without accountability are a classic execution trap.

    Bad: an objective without `owner:`. Good: `owner: ana`.
    """
    for _, doc in ctx.objectives():
        if doc.model.owner is None:
            yield Draft.at(doc.source, (), "objective has no owner")
    for _, kdoc in ctx.repo.kpis():
        if kdoc.model.owner is None:
            yield Draft.at(kdoc.source, (), "KPI has no owner")


@rule(
    "OKR204",
    "person-unknown",
    E,
    "Owners and contributors are people of okrctl.yaml (when people are listed).",
)
def person_unknown(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `owner: alcie` when okrctl.yaml lists `alice`. Good: `owner: alice`."""
    people = ctx.people_ids
    if people is None:
        return

    def check(source: SourceFile, loc: Loc, person: str | None) -> Iterator[Draft]:
        if person is not None and not ctx.known(person, people):
            yield Draft.value_at(
                source,
                loc,
                f"'{person}' is not in people of okrctl.yaml" + _did_you_mean(person, people),
            )

    for _, doc in ctx.objectives():
        obj = doc.model
        yield from check(doc.source, ("owner",), obj.owner)
        for i, who in enumerate(obj.contributors):
            yield from check(doc.source, ("contributors", i), who)
        for k, kr in enumerate(obj.key_results):
            yield from check(doc.source, ("key_results", k, "owner"), kr.owner)
            for i, who in enumerate(kr.contributors):
                yield from check(doc.source, ("key_results", k, "contributors", i), who)
            for n, ini in enumerate(kr.initiatives):
                yield from check(
                    doc.source, ("key_results", k, "initiatives", n, "owner"), ini.owner
                )
    for _, kdoc in ctx.repo.kpis():
        yield from check(kdoc.source, ("owner",), kdoc.model.owner)


@rule(
    "OKR205",
    "key-result-count",
    W,
    "An objective has 3 to 5 key results (settings.key_results.min/max).",
)
def key_result_count(ctx: RuleContext) -> Iterator[Draft]:
    """Fewer dilutes the measure of success, more dilutes focus.

    Bad: an objective with 1 key result, or with 7. Good: 3 to 5.
    """
    low, high = ctx.settings.key_results.min, ctx.settings.key_results.max
    for _, doc in ctx.objectives():
        n = len(doc.model.key_results)
        if n < low or n > high:
            yield Draft.at(
                doc.source,
                ("key_results",),
                f"{n} key result{'s' * (n != 1)}; expected {low} to {high}",
            )


@rule(
    "OKR210",
    "owner-overloaded",
    W,
    "Nobody owns more than 5 objectives in one cycle (settings.max_objectives_per_owner).",
)
def owner_overloaded(ctx: RuleContext) -> Iterator[Draft]:
    """Too many goals diffuse effort: ruthlessly prioritise to 3-5.

    Bad: six objectives with `owner: ana` in 2026-q4. Good: at most five.
    """
    limit = ctx.settings.max_objectives_per_owner
    for cycle in ctx.repo.cycles.values():
        owners = [d.model.owner for d in cycle.objectives.values()]
        counts = Counter(id_key(o) for o in owners if o)  # `CEO` and `ceo` are one person
        for doc in cycle.objectives.values():
            owner = doc.model.owner
            if owner and counts[id_key(owner)] > limit:
                yield Draft.value_at(
                    doc.source,
                    ("owner",),
                    f"'{owner}' owns {counts[id_key(owner)]} objectives "
                    f"in cycle {cycle.id}; at most {limit} keeps focus",
                )


@rule("OKR211", "team-unknown", E, "A team named by an objective, person, team or cycle exists.")
def team_unknown(ctx: RuleContext) -> Iterator[Draft]:
    """Bad: `team: plaform` when okrctl.yaml lists `platform`. Good: `team: platform`."""
    teams = ctx.team_ids or set()
    named: list[tuple[SourceFile, Loc, str | None]] = []  # where a team is named, and which
    config = ctx.repo.config
    if config is not None:
        people, units = config.model.people, config.model.teams
        named += [(config.source, ("people", i, "team"), p.team) for i, p in enumerate(people)]
        named += [(config.source, ("teams", i, "parent"), t.parent) for i, t in enumerate(units)]
    named += [(doc.source, ("team",), doc.model.team) for _, doc in ctx.objectives()]
    named += [
        (c.cycle.source, ("team",), c.cycle.model.team) for c in ctx.repo.cycles.values() if c.cycle
    ]
    for source, loc, team in named:
        if team and not ctx.known(team, teams):
            message = f"unknown team '{team}'" + _did_you_mean(team, teams)
            yield Draft.value_at(source, loc, message)


@rule(
    "OKR212",
    "duplicate-config-id",
    E,
    "Theme, person and team ids in okrctl.yaml are unique, ignoring case.",
)
def duplicate_config_id(ctx: RuleContext) -> Iterator[Draft]:
    """Ids match case-insensitively, so `CEO` and `ceo` would be one person.

    Bad: two themes with `id: growth`, or people `CEO` and `ceo`. Good: distinct ids."""
    config = ctx.repo.config
    if config is None:
        return
    model = config.model
    for key, ids in (
        ("themes", [t.id for t in model.themes]),
        ("people", [p.id for p in model.people]),
        ("teams", [t.id for t in model.teams]),
    ):
        seen: dict[str, str] = {}
        for i, ident in enumerate(ids):
            first = seen.get(id_key(ident))
            if first is not None:
                same = "" if first == ident else f" (same as '{first}' but for case)"
                yield Draft.value_at(
                    config.source, (key, i, "id"), f"duplicate {key} id '{ident}'{same}"
                )
            seen.setdefault(id_key(ident), ident)
