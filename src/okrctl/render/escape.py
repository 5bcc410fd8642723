"""Escaping of untrusted text (anything that came from a YAML file) for each output."""

from __future__ import annotations

import html
import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """Text for a terminal or log: control characters (ANSI escapes) made visible."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def github_data(text: str) -> str:
    """The message part of a workflow command (`::error ...::MESSAGE`)."""
    return plain(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a workflow command (`file=`, `title=`)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def markdown(text: str) -> str:
    """Inline Markdown text: no markup, no HTML, no @mentions, on one line."""
    out = html.escape(plain(text).replace("\n", " "), quote=False)
    out = _MD_SPECIAL.sub(r"\\\1", out)
    # A zero-width joiner after @ stops GitHub from notifying a user or team.
    return out.replace("@", "@\u200d")


def html_text(text: str) -> str:
    return html.escape(plain(text), quote=True)


def rich_markup(text: str) -> str:
    """Text placed inside Rich markup: brackets cannot open a tag."""
    from rich.markup import escape

    return escape(plain(text))
