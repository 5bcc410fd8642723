"""`okrctl remind`: what is due on a date, grouped by owner (the result the renderers see)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from okrctl.results.remind import NO_OWNER, DueEntry, DueKind, OwnerDue, Reminders
from okrctl.results.scores import CycleScore, KpiScore

# GitHub's login grammar: alphanumerics and single inner hyphens, at most 39 characters.
GITHUB_HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
SLACK_MEMBER = re.compile(r"U[A-Z0-9]+")


@dataclass(frozen=True)
class Contact:
    name: str | None
    github: str | None
    slack: str | None


def contact(name: str | None, github: str | None, slack: str | None) -> Contact:
    """A person's contact, keeping a handle or member id only when it has the right form."""
    handle = github if github is not None and GITHUB_HANDLE.fullmatch(github) else None
    member = slack if slack is not None and SLACK_MEMBER.fullmatch(slack) else None
    return Contact(name, handle, member)


def _kr_command(ref: str, milestone: bool) -> str:
    return f"okrctl checkin {ref} --done" if milestone else f"okrctl checkin {ref} --value N"


def reminders(
    score: CycleScore,
    kpis: Iterable[tuple[str, KpiScore]],
    people: dict[str, Contact],
    short: bool,
) -> Reminders:
    """Everything due in a scored cycle: stale key results and KPIs, overdue initiatives.

    `kpis` are (reference, score) of the KPIs the cycle sees; `short` writes key-result refs
    as OBJECTIVE/KR (the cycle is the active one), else CYCLE/OBJECTIVE/KR.
    """
    groups: dict[str, list[DueEntry]] = {}

    def add(owner: str | None, entry: DueEntry) -> None:
        groups.setdefault(owner or NO_OWNER, []).append(entry)

    for theme in score.themes:
        for obj in theme.objectives:
            for kr in obj.key_results:
                path = f"{obj.id}/{kr.id}"
                ref = path if short else f"{score.cycle}/{path}"
                if kr.stale:
                    milestone = kr.direction == "milestone"
                    entry = DueEntry(
                        DueKind.KEY_RESULT,
                        ref,
                        kr.title,
                        kr.last_checkin,
                        _kr_command(ref, milestone),
                    )
                    add(kr.owner, entry)
                for i in kr.initiatives:
                    if i.overdue:
                        command = f"okrctl checkin {ref} --initiative {i.id} --status STATUS"
                        add(
                            i.owner or kr.owner,
                            DueEntry(DueKind.INITIATIVE, ref, i.title, None, command, i.id, i.due),
                        )
    for ref, kpi in kpis:
        if kpi.stale:
            command = f"okrctl checkin {ref} --value N"
            add(kpi.owner, DueEntry(DueKind.KPI, ref, kpi.title, kpi.last_checkin, command))
    owners = []
    # People in id order; what nobody owns last, so that it is not missed at the top.
    for owner in sorted(groups, key=lambda o: (o == NO_OWNER, o)):
        c = people.get(owner, Contact(None, None, None))
        owners.append(OwnerDue(owner, c.name, c.github, c.slack, tuple(groups[owner])))
    return Reminders(score.cycle, score.name, score.as_of, tuple(owners))
