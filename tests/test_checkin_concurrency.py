"""Two (or eight) check-ins on the same file at the same time all land."""

from __future__ import annotations

import subprocess
import sys

from conftest import WriteRepo
from okrctl.load.document import load_document
from okrctl.model import Objective

OBJ = "cycles/2026-q4/objectives/cx-leader.yaml"


def test_parallel_checkins_on_one_file_all_land(write_repo: WriteRepo) -> None:
    root = write_repo()
    before = (root / OBJ).read_text()
    krs = ["nps", "response", "churn"]
    procs = [
        subprocess.Popen(
            [
                sys.executable, "-m", "okrctl", "-C", str(root), "checkin",
                f"cx-leader/{krs[i % 3]}", "--value", str(100 + i),
                "--date", "2026-10-14", "--as-of", "2026-10-15",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(8)
    ]  # fmt: skip
    results = [(p.wait(), p.stderr.read() if p.stderr else "") for p in procs]

    assert [code for code, _ in results] == [0] * 8, results
    after = (root / OBJ).read_text()
    loaded = load_document(OBJ, after.encode(), Objective)
    assert loaded.model is not None and not loaded.diagnostics
    values = sorted(
        c.value
        for kr in loaded.model.key_results
        for c in kr.checkins or []
        if str(c.date) == "2026-10-14"
    )
    assert values == list(range(100, 108))
    # Nothing else changed: removing the new lines gives the old file back.
    kept = [line for line in after.splitlines(keepends=True) if "2026-10-14" not in line]
    assert "".join(kept).replace("    checkins:\n", "") == before.replace("    checkins:\n", "")
    assert sorted(p.name for p in (root / OBJ).parent.iterdir()) == ["cx-leader.yaml"]
