"""The one "did you mean": the closest known names to a mistyped one (no pydantic here)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6  # difflib's similarity ratio a suggestion needs


def close_to(word: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` known names closest to `word`, best first (none for an overlong word, which
    difflib would compare in quadratic time)."""
    if len(word) > 64:
        return []
    return difflib.get_close_matches(word, sorted(set(known)), n=n, cutoff=CUTOFF)


def did_you_mean(word: str, known: Iterable[str], n: int = 3) -> str:
    """` (did you mean 'a' or 'b'?)` for the closest known names, else ''."""
    close = close_to(word, known, n)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"
