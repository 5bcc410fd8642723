"""The audit trail: every commit that changed an object, with its semantic changes.

One `git log --raw` pass limited to the object's file (following renames), then each
distinct blob is read and parsed once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from pydantic import BaseModel

from okrctl.history.changes import diff_file
from okrctl.history.gitrepo import GitRepo
from okrctl.history.policy import CHECKIN_BACKDATED, CHECKIN_NOT_OWNER
from okrctl.history.walk import MODEL_OF, BlobModels, walk
from okrctl.model import Diagnostic, Kpi, Objective, Severity, StrategyConfig
from okrctl.model.common import FREQUENCY_DAYS
from okrctl.model.config import Person
from okrctl.model.diagnostic import Draft
from okrctl.model.layout import FileKind, FileRef, classify
from okrctl.model.severity import SeverityPolicy
from okrctl.results.changes import Change, ChangeKind, Subject
from okrctl.results.log import CommitInfo, Entry, Target


def match_person(people: Sequence[Person], name: str, email: str) -> Person | None:
    """The person of okrctl.yaml a git author is: by email, else by name or id."""
    email_cf, name_cf = email.casefold(), name.casefold()
    for p in people:
        if p.email and p.email.casefold() == email_cf:
            return p
    local = email_cf.partition("@")[0]
    for p in people:
        if p.name.casefold() == name_cf or p.id in (name_cf, local):
            return p
    return None


class _Checker:
    """Warnings about check-ins: back-dated, or committed by someone else than the owner."""

    def __init__(self, config: StrategyConfig | None) -> None:
        self.people = list(config.people) if config else []
        cadence = config.settings.checkin_cadence if config else None
        self.kr_days = FREQUENCY_DAYS[cadence] if cadence else 7
        self.policy = SeverityPolicy(config.settings.rules if config else None)

    def check(
        self, c: Change, commit: CommitInfo, model: Objective | Kpi | None
    ) -> list[Diagnostic]:
        return self.policy.apply(self._check(c, commit, model))

    def _check(self, c: Change, commit: CommitInfo, model: Objective | Kpi | None) -> list[Draft]:
        if c.field != "checkin" or model is None or not isinstance(c.date, dt.date):
            return []
        out: list[Draft] = []

        def warn(code: str, message: str) -> None:
            out.append(Draft(code, message, c.path, severity=Severity.WARNING))

        owners: set[str] = set()
        days = self.kr_days
        if isinstance(model, Kpi):
            owners = {model.owner} if model.owner else set()
            days = FREQUENCY_DAYS[model.frequency]
        else:
            kr_id = c.ref.split("/")[2]
            kr = next((k for k in model.key_results if k.id == kr_id), None)
            owners = {o for o in (kr.owner if kr else None, model.owner) if o}
            owners |= set(model.contributors)
        committed = commit.date.date()
        late = (committed - c.date).days
        if late > days:
            warn(
                CHECKIN_BACKDATED,
                f"check-in dated {c.date} committed {committed}, {late} days later "
                f"(more than one check-in period of {days} days)",
            )
        elif late < 0:
            warn(
                CHECKIN_BACKDATED,
                f"check-in dated {c.date}, {-late} days after it was committed ({committed})",
            )
        person = match_person(self.people, commit.author, commit.email)
        # A measured check-in is committed by whoever runs `okrctl measure` (CI), by design.
        if owners and c.source is None and (person is None or person.id not in owners):
            who = person.id if person else f"{commit.author} <{commit.email}>"
            warn(
                CHECKIN_NOT_OWNER,
                f"check-in committed by {who}, not the owner or a contributor "
                f"({', '.join(sorted(owners))})",
            )
        return out


def _wanted(target: Target, c: Change) -> bool:
    if target.key_result is None:
        return True
    # By KR id within the followed file: older commits may name the objective's old id.
    parts = c.ref.split("/")
    return len(parts) >= 3 and parts[2] == target.key_result


def audit(
    g: GitRepo,
    rev: str,
    target: Target,
    config: StrategyConfig | None,
    limit: int | None = None,
    blobs: BlobModels | None = None,
) -> list[Entry]:
    """Every commit reachable from `rev` that changed `target`, newest first. `blobs` keeps
    the parsed versions for a caller that reads the same file's history again."""
    single_file = target.path.endswith(".yaml")
    commits = walk(g, rev, [target.path], follow=single_file)
    blobs = blobs if blobs is not None else BlobModels(g)
    checker = _Checker(config)
    out: list[Entry] = []
    for commit in _read_ahead(commits, blobs, limit):
        changes: list[Change] = []
        warnings: list[Diagnostic] = []
        for fc in commit.changes:
            ref = classify(fc.path)
            if ref is None:
                continue
            model = MODEL_OF[ref.kind]
            old_ref = classify(fc.old_path) or ref
            old = blobs.model(fc.old_sha, fc.old_path, model)
            new = blobs.model(fc.new_sha, fc.path, model)
            if target.key_result is not None and isinstance(new, Objective):
                if old is None:  # the KR appears with its objective: show it as added
                    old = new.model_copy(update={"key_results": []})
            found = diff_file(ref.kind.value, ref.cycle, ref.id, fc.path, old, new)
            if fc.status == "R" and old_ref.id != ref.id:
                found.insert(0, _renamed(ref.kind, ref.cycle, ref.id, old_ref, fc.path))
            for c in found:
                if not _wanted(target, c):
                    continue
                changes.append(c)
                if isinstance(new, Objective | Kpi):
                    warnings.extend(checker.check(c, commit, new))
        if changes:
            out.append(Entry(commit, tuple(changes), tuple(warnings)))
            if limit is not None and len(out) >= limit:
                break
    return out


def _read_ahead(
    commits: Sequence[CommitInfo], blobs: BlobModels, limit: int | None
) -> Iterator[CommitInfo]:
    """The commits, each batch's versions read (one git process) and parsed before them:
    all at once without a limit; with one, as many commits as entries are wanted, then
    twice as many each time."""
    size, start = len(commits) if limit is None else limit, 0
    while start < len(commits):
        batch = commits[start : start + size]
        blobs.parse_many(_versions(batch))
        yield from batch
        start, size = start + size, size * 2


def _versions(commits: Sequence[CommitInfo]) -> Iterator[tuple[str | None, str, type[BaseModel]]]:
    """(blob, path, model) of both sides of every strategy file the commits changed."""
    for commit in commits:
        for fc in commit.changes:
            ref = classify(fc.path)
            if ref is not None:
                yield fc.old_sha, fc.old_path, MODEL_OF[ref.kind]
                yield fc.new_sha, fc.path, MODEL_OF[ref.kind]


def _renamed(kind: FileKind, cycle: str, ident: str, old: FileRef, path: str) -> Change:
    was = old.id if old.cycle == cycle else f"{old.cycle}/{old.id}"
    subject = Subject.KPI if kind is FileKind.KPI else Subject.OBJECTIVE
    return Change(
        ChangeKind.OTHER,
        subject,
        cycle,
        f"{cycle}/{ident}",
        "renamed",
        f"renamed from {was}",
        path,
    )
