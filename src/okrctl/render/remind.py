"""`okrctl remind`: what is due, by owner, as Markdown, JSON or a Slack Block Kit payload.

The only @-mentions okrctl ever writes are here, built from a person's `github` handle or
`slack` member id (checked against each grammar); every other text is escaped, so no mention,
link or markup comes from YAML.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

from okrctl.render.escape import WORD_JOINER, dump_json, markdown, markdown_code, plain
from okrctl.render.jsondata import json_data
from okrctl.results.remind import NO_OWNER, DueEntry, DueKind, OwnerDue, Reminders

_KIND = {DueKind.KEY_RESULT: "Key result", DueKind.KPI: "KPI", DueKind.INITIATIVE: "Initiative"}
# A Slack section holds at most 3000 characters and a message 50 blocks.
SLACK_SECTION = 3000
SLACK_BLOCKS = 50


def _headline(r: Reminders) -> str:
    return f"Check-ins due on {r.as_of} (cycle {r.cycle})"


def _summary(r: Reminders) -> str:
    n = r.count
    if not n:
        return "Nothing is due: every key result and KPI has a check-in within its cadence."
    people = sum(o.owner != NO_OWNER for o in r.owners)
    things = f"{n} update{'s' * (n != 1)} due"
    return f"{things} for {people} owner{'s' * (people != 1)}." if people else f"{things}."


def _when(e: DueEntry) -> str:
    if e.kind is DueKind.INITIATIVE:
        return f"overdue since {e.due}" if e.due else "overdue"
    return f"last check-in {e.last_checkin}" if e.last_checkin else "no check-in yet"


# -- Markdown -------------------------------------------------------------------------------


def _md_owner(o: OwnerDue) -> str:
    if o.owner == NO_OWNER:
        return "No owner"
    name = markdown(o.name) if o.name else markdown_code(o.owner)
    return f"{name} (@{o.github})" if o.github else name


def render_markdown(r: Reminders, out: TextIO) -> None:
    out.write(f"# Check-ins due on {r.as_of} (cycle {markdown_code(r.cycle)})\n\n")
    out.write(_summary(r) + "\n")
    for o in r.owners:
        out.write(f"\n## {_md_owner(o)}\n\n")
        for e in o.items:
            what = markdown_code(e.ref)
            if e.initiative is not None:
                what = f"{markdown_code(e.initiative)} of {what}"
            out.write(
                f"- {_KIND[e.kind]} {what}: {markdown(e.title)} ({_when(e)})  \n  `{e.command}`\n"
            )


# -- JSON -----------------------------------------------------------------------------------


def render_json(r: Reminders, out: TextIO) -> None:
    dump_json(json_data(r), out)


# -- Slack ----------------------------------------------------------------------------------

_SLACK_SPECIAL = re.compile(r"[&<>]")
_SLACK_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# `@channel`, `@here` as plain words: Mattermost (which takes the same payload) acts on them.
_AT = re.compile(r"@")
# mrkdwn formatting: shown as written, not as bold, italics, strike or code.
_SLACK_MARKUP = re.compile(r"([*_~`])")


def slack_text(text: str) -> str:
    """Repo text inside Slack mrkdwn: no mention, link, channel or markup can come of it."""
    out = _SLACK_SPECIAL.sub(lambda m: _SLACK_ENTITY[m.group()], plain(text))
    out = _AT.sub("@" + WORD_JOINER, out)
    return _SLACK_MARKUP.sub(WORD_JOINER + r"\1" + WORD_JOINER, out)


def _slack_code(text: str) -> str:
    """An id or command in a code span, where mrkdwn formats nothing (a backtick cannot end
    it early: ids have none)."""
    out = _SLACK_SPECIAL.sub(lambda m: _SLACK_ENTITY[m.group()], plain(text))
    return "`" + out.replace("`", "'").replace("@", "@" + WORD_JOINER) + "`"


def _slack_owner(o: OwnerDue) -> str:
    if o.owner == NO_OWNER:
        return "*No owner*"
    name = f"*{slack_text(o.name or o.owner)}*"
    return f"{name} <@{o.slack}>" if o.slack else name


def _slack_line(e: DueEntry) -> str:
    what = _slack_code(e.ref)
    if e.initiative is not None:
        what = f"{_slack_code(e.initiative)} of {what}"
    return (
        f"• {_KIND[e.kind]} {what}: {slack_text(e.title)} ({_when(e)})\n"
        f"    {_slack_code(e.command)}"
    )


def _sections(o: OwnerDue) -> list[str]:
    """The owner's lines in sections of at most SLACK_SECTION characters."""
    out = [_slack_owner(o)]
    for line in (_slack_line(e) for e in o.items):
        line = line[: SLACK_SECTION - 1]
        if len(out[-1]) + 1 + len(line) > SLACK_SECTION:
            out.append(line)
        else:
            out[-1] += "\n" + line
    return out


def slack_payload(r: Reminders) -> dict[str, Any]:
    """A Block Kit message (Slack); `text` carries the summary for notifications and the
    webhooks that read no blocks."""
    headline = _headline(r)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": plain(headline)[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": slack_text(_summary(r))}},
    ]
    sections = [s for o in r.owners for s in _sections(o)]
    room = SLACK_BLOCKS - len(blocks) - 1  # one left for "and more"
    for text in sections[:room]:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text}})
    if len(sections) > room:
        more = f"… and {len(sections) - room} more: run `okrctl remind` for the whole list."
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    return {"text": slack_text(f"{headline}: {_summary(r)}"), "blocks": blocks}


def render_slack(r: Reminders, out: TextIO) -> None:
    dump_json(slack_payload(r), out)


def render_reminders(r: Reminders, fmt: str, out: TextIO) -> None:
    {"markdown": render_markdown, "json": render_json, "slack": render_slack}[fmt](r, out)
