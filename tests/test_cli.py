"""The command line itself: usage errors, --version, unexpected errors, in-process and as real processes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO, tiendo, tiendo_process

from generator import __version__

USAGE_ERRORS = [
    pytest.param([], id="no-arguments"),
    pytest.param(["nope"], id="unknown-command"),
    pytest.param(["validate", "--nope"], id="unknown-option"),
    pytest.param(["validate", "--format", "xml"], id="unknown-choice"),
    pytest.param(["diff", "main", "--", "-x"], id="head-revision-starting-with-dash"),
    pytest.param(["diff", "--base=--output=/tmp/x"], id="base-revision-starting-with-dash"),
    pytest.param(["validate", "--base", ""], id="empty-revision"),
    pytest.param(["new-update", "--plan", "kh"], id="missing-option"),
]


@pytest.mark.parametrize("args", USAGE_ERRORS)
def test_usage_errors_print_the_usage_and_exit_2(args):
    result = tiendo(*args)
    assert result.returncode == 2
    assert "Usage: " in result.stderr or "Usage: " in result.stdout
    assert "Lỗi không mong đợi" not in result.stderr + result.stdout


def test_the_first_command_a_newcomer_types_prints_the_usage_as_a_real_process():
    result = tiendo_process(cwd=REPO)
    assert result.returncode == 2
    assert "Usage: tiendo [OPTIONS] COMMAND" in result.stderr + result.stdout
    assert "validate" in result.stderr + result.stdout
    assert "Lỗi không mong đợi" not in result.stderr and "Traceback" not in result.stderr


def test_version_as_a_real_process():
    result = tiendo_process("--version", cwd=REPO)
    assert result.returncode == 0 and result.stdout.strip() == f"tiendo {__version__}"


def test_help_and_version_do_not_load_the_heavy_libraries():
    code = ("import sys; from generator.cli import app; from typer.main import get_command; "
            "get_command(app); heavy = {'pandas', 'plotly', 'mkdocs', 'openpyxl', 'pydantic', 'numpy'}; "
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"


def test_an_unexpected_error_is_one_line_not_a_traceback(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: docs\n", encoding="utf-8")
    result = tiendo("stats", "--data", str(tmp_path / "no-such-folder"), cwd=tmp_path)
    assert result.returncode == 2
    assert "Không thực hiện được" in result.stderr and "Traceback" not in result.stderr
