"""The one test that reads the live `data/`: whatever plan an office keeps there must validate,
build and export. Every other test owns its data (tests/fixtures/)."""

from __future__ import annotations

import json

from conftest import REPO, tiendo_process


def test_bundled_data_validates_builds_and_exports(tmp_path):
    result = tiendo_process("validate", "--data", "data", "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [p for p in json.loads(result.stdout) if p["severity"] == "error"]
    site = tmp_path / "site"
    result = tiendo_process("build", "--data", "data", "--site-dir", str(site), "--strict", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "index.html").is_file() and (site / "tai-ve" / "tiendo.xlsx").is_file()
    result = tiendo_process("export", "--data", "data", "--out", str(tmp_path / "export"), cwd=REPO)
    assert result.returncode == 0, result.stderr
