"""`kind: http`: a JSON document over HTTP(S), and a JMESPath expression selecting the value."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from okrctl.measure.errors import FAILED, NO_VALUE, NOT_A_NUMBER, TIMEOUT, MeasureFailure
from okrctl.measure.values import Value, to_value

if TYPE_CHECKING:
    import httpx

MAX_RESPONSE_BYTES = 64 * 1024 * 1024


def fetch(client: httpx.Client, url: str, headers: Mapping[str, str], timeout: float) -> bytes:
    """The body of a GET; redirects are not followed (headers could go to another host)."""
    import httpx

    try:
        with client.stream("GET", url, headers=dict(headers), timeout=timeout) as response:
            if response.status_code >= 300:
                raise MeasureFailure(FAILED, f"HTTP status {response.status_code}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES:
                    raise MeasureFailure(FAILED, "the response is larger than 64 MiB")
            return bytes(body)
    except httpx.TimeoutException:
        raise MeasureFailure(TIMEOUT, f"no answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise MeasureFailure(FAILED, f"{type(exc).__name__}: {exc}") from None


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise MeasureFailure(FAILED, "the response is not JSON") from None


def select(data: Any, expression: str) -> Value:
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        found = jmespath.search(expression, data)
    except JMESPathError as exc:
        first = (str(exc).strip().splitlines() or ["invalid"])[0]
        raise MeasureFailure(FAILED, f"bad JMESPath `{expression}`: {first}") from None
    if found is None:
        raise MeasureFailure(NO_VALUE, f"`{expression}` selects nothing in the response")
    if isinstance(found, list | dict):
        raise MeasureFailure(NOT_A_NUMBER, f"`{expression}` selects a {type(found).__name__}")
    return to_value(found)
