"""The characters okrctl refuses in text, once: the loader refuses them in a file (OKR005),
the writers in what a user types (no pydantic here)."""

from __future__ import annotations

import re

# C0 and C1 control characters except tab/newline/CR, bidi overrides (Trojan Source), and
# invisible characters that make text read differently from what it is: zero-width space,
# LRM/RLM/ALM, line/paragraph separators (line breaks to some readers, not to others),
# word joiner and invisible operators, Mongolian vowel separator, and a BOM inside the
# text. ZWNJ/ZWJ (U+200C/D) stay allowed: Persian, Indic scripts and emoji need them.
_REFUSED = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
    "\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u2060-\u2064\ufeff"
)
INVISIBLE = frozenset(
    "\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u2060\u2061\u2062\u2063\u2064\ufeff"
)
# In a file: also a carriage return that does not end a line.
REFUSED_IN_FILE = re.compile(f"[{_REFUSED}]|\r(?!\n)")
# In one line of typed text (a title, a note, a name): also tabs and line breaks, lone
# surrogates and the non-characters U+FFFE/U+FFFF.
REFUSED_ON_ONE_LINE = re.compile(f"[{_REFUSED}\t\n\r\ud800-\udfff\ufffe\uffff]")


def character_name(char: str) -> str:
    """`invisible character U+200B` or `control character U+0007`."""
    kind = "invisible character" if char in INVISIBLE else "control character"
    return f"{kind} U+{ord(char):04X}"
