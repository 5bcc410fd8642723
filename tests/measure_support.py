"""Real components for the measure tests: an HTTP server on 127.0.0.1 and small repos."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from typer.testing import CliRunner

from okrctl.cli.app import app

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ana Lima",
    "GIT_AUTHOR_EMAIL": "ana@example.com",
    "GIT_COMMITTER_NAME": "Ana Lima",
    "GIT_COMMITTER_EMAIL": "ana@example.com",
}


@dataclass
class Served:
    """What the server answers per path, and the requests it saw."""

    routes: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def json(self, path: str, data: object, status: int = 200) -> None:
        self.routes[path] = (status, "application/json", json.dumps(data).encode())

    def text(self, path: str, body: str, status: int = 200, kind: str = "text/csv") -> None:
        self.routes[path] = (status, kind, body.encode())


def serve() -> Iterator[Served]:
    served = Served()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            served.seen.append((self.path, dict(self.headers.items())))
            status, kind, body = served.routes.get(self.path, (404, "text/plain", b"no"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # keep the test output clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


def sqlite_db(path: Path, sql: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    con.executescript(sql)
    con.commit()
    con.close()


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["-C", str(root), "measure", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=root,
        env={**os.environ, **GIT_ENV, **(env or {})},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def make_git_repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    return root


PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_USER, PG_PASSWORD, PG_DB = "okr", "pg-Secret-4711", "metrics"


@dataclass
class Postgres:
    """A PostgreSQL server of our own on 127.0.0.1 (password authentication)."""

    port: int
    base: Path

    def url(self, password: str = "${PGPASSWORD}", port: int | None = None) -> str:
        return f"postgresql+psycopg://{PG_USER}:{password}@127.0.0.1:{port or self.port}/{PG_DB}"

    def execute(self, sql: str) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=PG_USER,
            password=PG_PASSWORD,
            dbname=PG_DB,
            autocommit=True,
        ) as con:
            cur = con.execute(sql)  # type: ignore[call-overload]
            return list(cur.fetchall()) if cur.description else []


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(*cmd: str) -> list[str]:
    # The tests run as root, and PostgreSQL refuses to run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)


def start_postgres() -> Iterator[Postgres]:
    """Start a throw-away server (initdb in a temp dir), yield it, stop it."""
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="okrctl-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    pwfile = base / "pw"
    pwfile.write_text(PG_PASSWORD + "\n")
    if os.geteuid() == 0:
        shutil.chown(pwfile, "postgres", "postgres")
    data, port = base / "data", free_port()
    subprocess.run(
        _as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            PG_USER,
            f"--pwfile={pwfile}",
            "-A",
            "scram-sha-256",
            "--no-sync",
            "-E",
            "UTF8",
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(base / "log"),
            "start",
        ),
        check=True,
        capture_output=True,
    )
    try:
        server = Postgres(port, base)
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=port,
            user=PG_USER,
            password=PG_PASSWORD,
            dbname="postgres",
            autocommit=True,
        ) as con:
            con.execute(f"create database {PG_DB}")
        yield server
    finally:
        subprocess.run(
            _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"),
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)
