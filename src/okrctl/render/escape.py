"""Escaping of untrusted text (anything that came from a YAML file, a file or folder name,
git or the command line) for each output.

Every text output keeps four promises (see "Output safety" in the README):

- repo text never breaks a line of its own: line breaks, control, bidi and invisible
  characters are shown as escapes (`\\n`, `\\x1b`, `\\u200b`);
- no output carries a lone surrogate (a byte that is not UTF-8, in a file name or a commit
  decoded with `surrogateescape`), which a strict UTF-8 stream refuses to write: it is
  shown as the byte (`\\xff`), in JSON too;
- `::` from repo text can never start a workflow command, even when Rich wraps or folds
  a line there: a WORD JOINER (U+2060, invisible and unbreakable) goes between the colons,
  and `##[` (a command anywhere in a CI log line) becomes `##<WJ>[`;
- Markdown gets no markup, link, autolink, mention or issue reference from repo text.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
from typing import Any, TextIO

WORD_JOINER = "\u2060"
ZWJ = "\u200d"

# C0 (but tab) and C1 controls, bidi embeddings/isolates, line and paragraph separators and
# the invisible format characters. ZWJ/ZWNJ (U+200C/D) stay: emoji and Indic scripts need them.
# And lone surrogates: no UTF-8 stream can write one.
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_NAMED = {"\n": "\\n"}
# `:` next to `:`, and `##[`: the two ways a CI log line turns into a workflow command.
_COLONS = re.compile(r":(?=:)")
_HASHES = re.compile(r"##(?=\[)")
LONG_VALUE = 200


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # the byte `surrogateescape` stood in for
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """`::` and `##[` broken by a word joiner."""
    return _HASHES.sub("##" + WORD_JOINER, _COLONS.sub(":" + WORD_JOINER, text))


def plain(text: str) -> str:
    """Text for a terminal or log, on one line: controls and invisibles made visible."""
    return inert(_UNSAFE.sub(_visible, text))


def path(text: str) -> str:
    """A file or folder name, escaped like any other text from the repo.

    A path is printed right before okrctl's own `:line:col` or `[`: a leading or trailing
    colon or hash also gets a word joiner, so the two cannot join into `::` or `##[`.
    """
    text = plain(text)
    if text.startswith((":", "[")):
        text = WORD_JOINER + text
    if text.endswith((":", "#")):
        text += WORD_JOINER
    return text


def shorten(text: str, limit: int = LONG_VALUE) -> str:
    """At most `limit` characters, ending in '…' when cut (summaries stay readable)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def github_data(text: str) -> str:
    """The message part of a workflow command (`::error ...::MESSAGE`)."""
    return plain(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a workflow command (`file=`, `title=`)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>])")
# GitHub links `#12`, `org/repo#12`, `GH-12` (and a repo's own `JIRA-12` autolinks, whose
# prefixes are in capitals by convention: `top-50` is left alone), `@user`,
# `@org/team` and commit hashes in its own pass over the rendered text, which backslash
# escapes do not reach: a zero-width joiner breaks each pattern without showing.
_ISSUE_REF = re.compile(r"(?<=#)(?=\d)|(?:(?<=\b[Gg][Hh]\\-)|(?<=[A-Z]\\-))(?=\d)|(?<=@)")
_HASH_LIKE = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)([0-9a-f]{4})(?=[0-9a-f]{3,}\b)")
# cmark-gfm's autolinks (`http://`, `www.`, `user@host`, `xmpp:`) and GitHub's `:emoji:`
# need a `:` touching the next character (`.` and `@` are dealt with below): a word joiner
# there. A `:` before a space or the end starts neither, and stays as written.
_LINK_GLUE = re.compile(r"(?<=:)(?=[^\s\u2060])")


def markdown(text: str, *, trusted: bool = False) -> str:
    """Inline Markdown text: no markup, no HTML, no link or mention, on one line.

    `trusted` is for okrctl's own words (the rule catalogue): markup is escaped, but they
    need no joiners against references, so `UTF-8` stays `UTF-8` in the README.
    """
    out = html.escape(plain(text), quote=False)
    if trusted:
        return _MD_SPECIAL.sub(r"\\\1", out)
    out = _LINK_GLUE.sub(WORD_JOINER, out)
    out = _MD_SPECIAL.sub(r"\\\1", out)
    out = _HASH_LIKE.sub(r"\1" + ZWJ, out)
    return _ISSUE_REF.sub(ZWJ, out)


def markdown_code(text: str) -> str:
    """An id or reference: a code span when it is a plain id, else escaped text."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_./-]*", text) and "::" not in text:
        return f"`{text}`"
    return markdown(text)


@functools.lru_cache(maxsize=1 << 16)
def html_text(text: str) -> str:
    # Cached: the HTML report escapes the same units, values and names millions of times.
    return html.escape(plain(text), quote=True)


# What may stand unescaped in a link's URL: RFC 3986's unreserved and reserved characters,
# less the ones Markdown or HTML read (`()[]<>'"` and the backtick are not in it, nor space).
_URL_SAFE = "-._~:/?#@!$&*+,;=%"


def web_url(url: str) -> str | None:
    """The URL percent-encoded for a link when it is http(s) with a host, else None: only
    such a URL may become a clickable link (a `javascript:` one never does)."""
    from urllib.parse import quote, urlsplit

    if _UNSAFE.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=_URL_SAFE)


def markdown_link(title: str, url: str) -> str:
    """`[title](url)` for an http(s) URL (the title escaped, the URL percent-encoded), else
    the title and URL as inert text."""
    safe = web_url(url)
    if safe is None:
        return f"{markdown(title)} ({markdown(url)})"
    return f"[{markdown(title)}]({safe})"


def html_link(title: str, url: str) -> str:
    """`<a href>` for an http(s) URL (attribute-escaped, no referrer), else inert text."""
    safe = web_url(url)
    if safe is None:
        return f"{html_text(title)} ({html_text(url)})"
    return f'<a href="{html_text(safe)}" rel="noopener noreferrer">{html_text(title)}</a>'


def rich_markup(text: str) -> str:
    """Text placed inside Rich markup: brackets cannot open a tag."""
    from rich.markup import escape

    return escape(plain(text))


# JSON keeps every string exact, but the document must not carry what a terminal or a CI
# log would act on: separators, C1 controls and invisibles as `\uXXXX` (still the same data).
# A lone surrogate is no Unicode text (many parsers refuse its `\uXXXX`), so it becomes the
# visible escape `plain` shows (the string `\xff`, written `\\xff`): valid UTF-8 and JSON.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\ufeff"
    "\ud800-\udfff]"
)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        return "\\" + _visible(match)
    return f"\\u{code:04x}"


def json_text(data: Any, indent: int | None = 2) -> str:
    """`data` as strict JSON (no NaN or Infinity), safe to print in a CI log.

    These characters and `#` only occur inside strings in JSON, so `##[` is written
    `##\\u005b`: the parsed value is unchanged, the line holds no workflow command.
    """
    text = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
    return _JSON_UNSAFE.sub(_json_escape, text).replace("##[", "##\\u005b")


def write_json(data: Any, out: TextIO, indent: int | None = 2) -> None:
    """Write `json_text(data, indent)`; on one line, a piece at a time (the same text): a
    dict's values, and its lists' items, one by one. A 10,000-objective status is 22 MB of
    JSON, which the encoder builds twice over and the stream encodes once more (+66 MiB)."""
    if indent is not None or type(data) is not dict or any(type(k) is not str for k in data):
        out.write(json_text(data, indent))
        return
    for n, (key, value) in enumerate(data.items()):
        out.write(("{" if n == 0 else ", ") + json_text(key, None) + ": ")
        if type(value) is list:
            for m, item in enumerate(value):
                out.write(("[" if m == 0 else ", ") + json_text(item, None))
            out.write("]" if value else "[]")
        else:
            out.write(json_text(value, None))
    out.write("}" if data else "{}")


def dump_json(data: Any, out: TextIO, indent: int | None = 2) -> None:
    """Write `json_text(data)` and a newline."""
    out.write(json_text(data, indent))
    out.write("\n")


def finite(value: float | None) -> float | None:
    """`value`, or None when it is NaN or infinite (never printed as 'nan')."""
    return value if value is None or math.isfinite(value) else None
