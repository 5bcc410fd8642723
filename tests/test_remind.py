"""`okrctl remind`: what is due, by owner, in Markdown, JSON and Slack; posted to a webhook
served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from okrctl.cli.app import app
from test_status_support import DEFAULT_CONFIG, Q4, kr, make_repo, objective

AS_OF = "2026-11-16"  # a Monday
HOSTILE = "@channel <!here> <@U999> [x](http://evil.example) #12 *bold*"


def build(root: Path) -> str:
    people = [
        {"id": "ana", "name": f"Ana {HOSTILE}", "github": "ana-gh", "slack": "U0ANA1"},
        {"id": "bo", "name": "Bo", "github": "-not-a-handle", "slack": "<!channel>"},
        {"id": "cy", "name": "Cy", "github": "cy@evil", "slack": "u-lower"},
        {"id": "dee", "name": "Dee"},
    ]
    signups = kr("signups", checkins=[("2026-11-02", 10)], title=f"Signups {HOSTILE}")
    signups["initiatives"] = [
        {"id": "beta", "title": "Beta <b>", "owner": "cy", "due": "2026-11-01",
         "status": "in-progress"},
        {"id": "done-one", "title": "Done", "owner": "cy", "due": "2026-11-01",
         "status": "done"},
    ]  # fmt: skip
    krs = [
        signups,  # 14 days since its check-in, weekly: due (ana)
        kr("revenue", checkins=[("2026-11-12", 40)], owner="bo"),  # 4 days: not due
        kr("monthly", checkins=[("2026-10-20", 40)], cadence="monthly"),  # 27 days: not due
        kr("launch", None, None, [("2026-11-01", True)], direction="milestone"),  # done
        kr("migrate", None, None, [("2026-11-01", False)], direction="milestone", owner="bo"),
    ]
    why = {"date": "2026-10-15", "field": "status", "from": "active", "to": "dropped",
           "reason": "merged into grow"}  # fmt: skip
    legacy = [kr("legacy", checkins=[("2026-10-02", 1)])]  # stale, but its objective dropped
    dropped = objective("Old plan", legacy, owner="bo", status="dropped", adjustments=[why])
    churn = {"title": "Churn", "perspective": "customer", "owner": "cy", "unit": "%",
             "target": 3, "baseline": 8, "frequency": "weekly",
             "checkins": [{"date": "2026-10-20", "value": 5}]}  # fmt: skip
    fresh = {**churn, "title": "Fresh", "checkins": [{"date": "2026-11-15", "value": 5}]}
    make_repo(
        root,
        cycles={"2026-q4": Q4},
        objectives={"2026-q4": {"grow": objective("Grow", krs), "old": dropped}},
        kpis={"2026-q4": {"churn": churn, "fresh": fresh}},
        # settings.history false: a past --as-of reads these files, with no note about git.
        config={**DEFAULT_CONFIG, "people": people, "settings": {"history": False}},
    )
    return str(root)


def run(root: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    # Today is that Monday unless a test says otherwise (short refs need an active cycle).
    result = CliRunner().invoke(
        app,
        ["-C", root, "remind", "--as-of", AS_OF, *args],
        env={"OKRCTL_TODAY": AS_OF, **(env or {})},
    )
    return result.exit_code, result.stdout, result.stderr


def test_json_lists_exactly_what_is_due_by_owner(tmp_path: Path) -> None:
    code, out, err = run(build(tmp_path), "--format", "json", "--cycle", "2026-q4")
    assert code == 0, err
    data = json.loads(out)
    assert data["count"] == 4
    got = {
        o["owner"]: [(i["kind"], i["ref"], i["initiative"], i["command"]) for i in o["items"]]
        for o in data["owners"]
    }
    assert got == {
        "ana": [("key-result", "grow/signups", None, "okrctl checkin grow/signups --value N")],
        "bo": [("key-result", "grow/migrate", None, "okrctl checkin grow/migrate --done")],
        "cy": [("initiative", "grow/signups", "beta",
                "okrctl checkin grow/signups --initiative beta --status STATUS"),
               ("kpi", "churn", None, "okrctl checkin churn --value N")],
    }  # fmt: skip
    # Run after the quarter (2026-q4 no longer active): references name their cycle.
    _, later, _ = run(tmp_path.as_posix(), "-f", "json", "--cycle", "2026-q4",
                      env={"OKRCTL_TODAY": "2027-01-04"})  # fmt: skip
    commands = [i["command"] for o in json.loads(later)["owners"] for i in o["items"]]
    assert commands == [
        "okrctl checkin 2026-q4/grow/signups --value N",
        "okrctl checkin 2026-q4/grow/migrate --done",
        "okrctl checkin 2026-q4/grow/signups --initiative beta --status STATUS",
        "okrctl checkin 2026-q4/churn --value N",
    ]
    by_owner = {o["owner"]: o for o in data["owners"]}
    assert by_owner["ana"]["github"] == "ana-gh" and by_owner["ana"]["slack"] == "U0ANA1"
    # Handles and member ids of the wrong form are not used.
    assert by_owner["bo"]["github"] is None and by_owner["bo"]["slack"] is None
    assert by_owner["cy"]["github"] is None and by_owner["cy"]["slack"] is None
    assert by_owner["ana"]["items"][0]["last_checkin"] == "2026-11-02"
    assert by_owner["cy"]["items"][0]["due"] == "2026-11-01"


def test_the_commands_it_prints_work(tmp_path: Path) -> None:
    root = build(tmp_path)
    _, out, _ = run(root, "--format", "json")
    commands = [i["command"] for o in json.loads(out)["owners"] for i in o["items"]]
    signups = next(c for c in commands if "signups --value" in c)
    args = signups.split()[2:-1] + ["12", "--date", AS_OF]
    done = CliRunner().invoke(app, ["-C", root, "checkin", *args], env={"OKRCTL_TODAY": AS_OF})
    assert done.exit_code == 0, done.stderr
    _, out, _ = run(root, "--format", "json")
    refs = [i["ref"] for o in json.loads(out)["owners"] for i in o["items"]]
    assert "grow/signups" in refs  # still there: its initiative is overdue
    kinds = {(i["ref"], i["kind"]) for o in json.loads(out)["owners"] for i in o["items"]}
    assert ("grow/signups", "key-result") not in kinds


def test_markdown_mentions_only_valid_handles_and_escapes_the_rest(tmp_path: Path) -> None:
    code, out, err = run(build(tmp_path))
    assert code == 0, err
    assert out.startswith("# Check-ins due on 2026-11-16 (cycle `2026-q4`)\n")
    assert "4 updates due for 3 owners." in out
    heads = re.findall(r"^## (.*)$", out, flags=re.MULTILINE)
    assert len(heads) == 3 and heads[0].endswith(" (@ana-gh)")
    assert heads[1:] == ["Bo", "Cy"]
    # The one mention okrctl writes; every @ from YAML is broken by a joiner.
    assert re.findall(r"@[A-Za-z0-9]", out) == ["@a"]
    assert "<!here>" not in out and "<@U999>" not in out and "](http" not in out
    assert "#12" not in out and "*bold*" not in out
    assert "`okrctl checkin grow/signups --value N`" in out
    assert "`okrctl checkin grow/migrate --done`" in out


def test_slack_payload_escapes_text_and_mentions_member_ids(tmp_path: Path) -> None:
    code, out, err = run(build(tmp_path), "-f", "slack")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Check-ins due on 2026-11-16 (cycle 2026-q4)"},
    }
    texts = [b["text"]["text"] for b in payload["blocks"][1:]]
    whole = "\n".join([payload["text"], *texts])
    # Only okrctl's own <@U...>: YAML's <!here>, <@U999> and links arrive as entities.
    assert re.findall(r"<[^>]*>", whole) == ["<@U0ANA1>"]
    assert "&lt;!here&gt;" in whole and "&lt;@\u2060U999&gt;" in whole
    assert "@channel" not in whole  # Mattermost reads a bare @channel
    assert texts[1].startswith("*Ana ") and texts[1].split("\n")[0].endswith("* <@U0ANA1>")
    assert "`okrctl checkin grow/signups --value N`" in texts[1]
    assert texts[2] == (
        "*Bo*\n• Key result `grow/migrate`: KR migrate (last check-in 2026-11-01)\n"
        "    `okrctl checkin grow/migrate --done`"
    )


def test_nothing_due(tmp_path: Path) -> None:
    root = build(tmp_path)
    code, out, _ = run(root, "--as-of", "2026-09-30", "--cycle", "2026-q4")
    assert code == 0
    assert "Nothing is due" in out and "##" not in out


class Hook:
    """A webhook on 127.0.0.1 that records each request; `status` and `delay` set its
    answer."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str, bytes]] = []
        self.status = 200
        self.delay = 0.0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                hook.received.append((self.path, self.headers["Content-Type"], body))
                time.sleep(hook.delay)
                self.send_response(hook.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # the timed-out client hung up: expected, not worth a traceback

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/services/T0/B0/s3cr3t-token"


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook()
    thread = threading.Thread(target=h.server.serve_forever, daemon=True)
    thread.start()
    yield h
    h.server.shutdown()
    h.server.server_close()


def test_post_sends_the_slack_payload(tmp_path: Path, hook: Hook) -> None:
    root = build(tmp_path)
    code, out, err = run(root, "--format", "json", "--post", hook.url)
    assert code == 0, err
    (path, ctype, body), = hook.received  # fmt: skip
    assert path == "/services/T0/B0/s3cr3t-token" and ctype == "application/json"
    _, slack, _ = run(root, "-f", "slack")
    assert json.loads(body) == json.loads(slack)
    assert json.loads(out)["count"] == 4  # stdout keeps the chosen format
    assert err.splitlines()[0] == "okrctl: posted 4 reminders to the webhook at 127.0.0.1"


def test_the_environment_names_the_webhook(tmp_path: Path, hook: Hook) -> None:
    code, _, err = run(build(tmp_path), env={"OKRCTL_WEBHOOK_URL": hook.url})
    assert code == 0, err
    assert len(hook.received) == 1


def test_a_refusing_webhook_is_exit_2_and_the_url_stays_secret(tmp_path: Path, hook: Hook) -> None:
    hook.status = 500
    code, out, err = run(build(tmp_path), "--post", hook.url)
    assert code == 2
    assert err.strip() == "okrctl: the webhook at 127.0.0.1 refused the reminders: HTTP 500"
    assert "s3cr3t" not in out + err and str(hook.server.server_port) not in err


def test_a_slow_webhook_times_out(tmp_path: Path, hook: Hook) -> None:
    hook.delay = 3
    env = {"OKRCTL_WEBHOOK_TIMEOUT": "0.5"}
    code, _, err = run(build(tmp_path), "--post", hook.url, env=env)
    assert code == 2
    assert err.strip() == "okrctl: the webhook at 127.0.0.1 did not answer within 0.5 s"
    assert "s3cr3t" not in err


def test_an_unreachable_or_bad_webhook_is_exit_2(tmp_path: Path, hook: Hook) -> None:
    root = build(tmp_path)
    url = hook.url
    hook.server.shutdown()
    hook.server.server_close()
    code, _, err = run(root, "--post", url)
    assert code == 2 and "could not reach the webhook at 127.0.0.1" in err
    assert "s3cr3t" not in err
    code, _, err = run(root, "--post", "file:///etc/s3cr3t")
    assert code == 2 and "must start with https://" in err and "s3cr3t" not in err


def test_nothing_due_posts_nothing(tmp_path: Path, hook: Hook) -> None:
    code, _, err = run(build(tmp_path), "--as-of", "2026-09-30", "--cycle", "2026-q4",
                       "--post", hook.url)  # fmt: skip
    assert code == 0 and hook.received == []
    assert "nothing posted" in err
