"""`okrctl remind`: everything due, grouped by owner; and posting it to a chat webhook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrctl.api.kpis import visible_kpis
from okrctl.api.scoring import AsOf, Outcome, open_workspace, outcome_of
from okrctl.model.dates import today
from okrctl.model.errors import EXIT_USAGE, OkrctlError
from okrctl.results.remind import Reminders
from okrctl.score import active_cycle
from okrctl.score.remind import Contact, contact, reminders

WEBHOOK_TIMEOUT = 10.0  # seconds; OKRCTL_WEBHOOK_TIMEOUT overrides it


@dataclass(frozen=True)
class RemindResult:
    outcome: Outcome
    reminders: Reminders


def remind(root: Path, as_of: AsOf, cycle: str | None = None) -> RemindResult:
    """What is due in the chosen (or active) cycle on `as_of`, by owner."""
    ws = open_workspace(root, as_of)
    cycle_id = ws.cycle_id(cycle)
    score = ws.scorer.cycle(cycle_id)
    # Short refs only when `okrctl checkin` run today reads them in this cycle.
    short = active_cycle(ws.repo, today()) == cycle_id
    kpis = []
    for home, doc in visible_kpis(ws.repo, cycle_id):
        ref = doc.id if short and home == cycle_id else f"{home}/{doc.id}"
        kpis.append((ref, ws.scorer.kpi(home, doc.id)))
    config = ws.repo.config.model if ws.repo.config else None
    people: dict[str, Contact] = {}
    for p in config.people if config else []:
        people[p.id] = contact(p.name, p.github, p.slack)
    return RemindResult(outcome_of(ws), reminders(score, kpis, people, short))


def webhook_host(url: str) -> str:
    """The host of a webhook URL, the most of it okrctl ever shows (the URL is a secret)."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    return host or "?"


def post_webhook(url: str, payload: dict[str, Any], timeout: float = WEBHOOK_TIMEOUT) -> str:
    """POST `payload` as JSON to an incoming webhook; its host, or OkrctlError (exit 2).

    The URL carries the webhook's token: no message names more of it than its host.
    """
    import json
    from urllib.parse import urlsplit

    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        raise OkrctlError("the webhook URL must start with https:// (or http://)", EXIT_USAGE)
    host = webhook_host(url)
    # Heavy, so imported here, only when posting (the ban is about module-level imports).
    import httpx  # noqa: TID251

    body = json.dumps(payload, ensure_ascii=False, allow_nan=False).encode("utf-8")
    where = f"the webhook at {host}"
    try:
        response = httpx.post(
            url,
            content=body,
            headers={"Content-Type": "application/json"},
            timeout=timeout,
            follow_redirects=False,
        )
    except httpx.TimeoutException:
        raise OkrctlError(f"{where} did not answer within {timeout:g} s", EXIT_USAGE) from None
    except httpx.HTTPError as exc:  # its message may hold the URL: name the kind only
        raise OkrctlError(f"could not reach {where} ({type(exc).__name__})", EXIT_USAGE) from None
    if not 200 <= response.status_code < 300:
        raise OkrctlError(f"{where} refused the reminders: HTTP {response.status_code}", EXIT_USAGE)
    return host
