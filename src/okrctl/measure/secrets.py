"""`${NAME}` placeholders filled from the environment, and keeping their values out of output."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from okrctl.model.errors import OkrctlError

PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# `scheme://user:password@host`: the password part, whatever the scheme.
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^/:@\s]*:)(?P<pw>[^@\s/]+)@")
MASK = "***"


@dataclass(frozen=True)
class Expanded:
    """A text with its placeholders filled in, and the secret values that went into it."""

    text: str
    secrets: tuple[str, ...]


def names(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def expand(text: str, what: str, env: Mapping[str, str] | None = None) -> Expanded:
    """Fill `${NAME}` from the environment; a missing variable is a usage error naming it
    (never its value)."""
    env = os.environ if env is None else env
    used: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in env:
            raise OkrctlError(f"{what} needs the environment variable {name}, which is not set")
        used.append(env[name])
        return env[name]

    return Expanded(PLACEHOLDER.sub(fill, text), tuple(v for v in used if v))


def mask_url(url: str) -> str:
    """A URL as it may be shown: any password replaced by ***."""
    return _URL_PASSWORD.sub(lambda m: m.group("head") + MASK + "@", url)


def redact(message: str, secrets: Iterable[str]) -> str:
    """`message` with every secret value and URL password masked, on one line."""
    out = message
    for secret in sorted(set(secrets), key=len, reverse=True):  # longest first: no partial
        out = out.replace(secret, MASK)
    out = mask_url(out)
    return " ".join(out.split())
