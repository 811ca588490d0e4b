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


# what Click and Typer write in English when nothing translates them
ENGLISH = ["Usage", "Options", "Commands", "Arguments", "Show this message", "Error", "Try '", "Missing", "No such",
           "requires", "Invalid value", "Did you mean", "default:", "required]", "is not one of", "Got unexpected",
           "OPTIONS", "COMMAND"]


def assert_vietnamese(text: str) -> None:
    assert [word for word in ENGLISH if word in text] == [], text


@pytest.mark.parametrize("args", USAGE_ERRORS)
def test_usage_errors_print_the_usage_and_exit_2(args):
    result = tiendo(*args)
    assert result.returncode == 2
    assert "Cách dùng: tiendo" in result.stderr + result.stdout
    assert "Lỗi không mong đợi" not in result.stderr + result.stdout
    assert_vietnamese(result.stderr + result.stdout)


def test_the_first_command_a_newcomer_types_prints_the_usage_as_a_real_process():
    result = tiendo_process(cwd=REPO)
    assert result.returncode == 2
    assert "Cách dùng: tiendo [TÙY CHỌN] LỆNH" in result.stderr + result.stdout
    assert "validate" in result.stderr + result.stdout
    assert "Lỗi không mong đợi" not in result.stderr and "Traceback" not in result.stderr


def test_version_as_a_real_process():
    result = tiendo_process("--version", cwd=REPO)
    assert result.returncode == 0 and result.stdout.strip() == f"tiendo {__version__}"


def test_help_and_version_do_not_load_the_heavy_libraries():
    code = ("import sys; from generator.cli import app; from typer.main import get_command; "
            "get_command(app).main(['validate', '--help'], 'tiendo', standalone_mode=False); "
            "heavy = {'pandas', 'plotly', 'mkdocs', 'openpyxl', 'pydantic', 'numpy', 'babel'}; "
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip().endswith("[]")


def test_an_unexpected_error_is_one_line_not_a_traceback(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: docs\n", encoding="utf-8")
    result = tiendo("stats", "--data", str(tmp_path / "no-such-folder"), cwd=tmp_path)
    assert result.returncode == 2
    assert "Không thực hiện được" in result.stderr and "Traceback" not in result.stderr


MORE_USAGE_ERRORS = [
    (["valdate"], "Lỗi: Không có lệnh 'valdate'. Có phải ý bạn là 'validate'?"),
    (["report"], "Lỗi: Thiếu tùy chọn '--out'."),
    (["report", "--out", "x.docx", "--period"], "Lỗi: Tùy chọn '--period' cần một giá trị."),
    (["validate", "--format", "xml"],
     "Lỗi: Giá trị không hợp lệ cho '--format': 'xml' không phải một trong các giá trị 'text', 'json', 'github'."),
    (["validate", "--nope"], "Lỗi: Không có tùy chọn --nope."),
    (["validate", "extra"], "Lỗi: Thừa tham số (extra)."),
    (["import"], "Lỗi: Thiếu tham số 'FILE.xlsx'."),
]


@pytest.mark.parametrize(("args", "said"), MORE_USAGE_ERRORS)
def test_usage_errors_are_told_in_vietnamese(args, said):
    result = tiendo(*args)
    assert result.returncode == 2
    assert said in result.stderr
    assert_vietnamese(result.stderr + result.stdout)


@pytest.mark.parametrize("name", [None, "validate", "stats", "export", "build", "serve", "diff", "codeowners",
                                  "new-update", "schema", "form", "import", "report"])
def test_every_help_is_in_vietnamese(name):
    result = tiendo(*([name] if name else []), "--help")
    assert result.returncode == 0
    assert "Cách dùng: tiendo" in result.stdout and "In hướng dẫn này rồi thoát." in result.stdout
    assert_vietnamese(result.stdout)


def test_usage_error_in_vietnamese_as_a_real_process_whatever_the_locale():
    result = tiendo_process("report", cwd=REPO, env={"LANG": "en_US.UTF-8", "LANGUAGE": "en"})
    assert result.returncode == 2
    assert "Lỗi: Thiếu tùy chọn '--out'." in result.stderr
    assert_vietnamese(result.stderr)


def test_the_compiled_catalogue_says_what_the_catalogue_says():
    import gettext

    from babel.messages.pofile import read_po

    from generator.locale import CATALOGUE, COMPILED

    words = gettext.GNUTranslations(COMPILED.open("rb"))
    with CATALOGUE.open("rb") as handle:
        entries = [message for message in read_po(handle) if message.id]
    assert len(entries) > 30
    for message in entries:
        found = words.pgettext(message.context, message.id) if message.context else words.gettext(message.id)
        assert found == message.string, f"{message.id!r}: run `python -m generator.locale` after editing vi.po"


@pytest.mark.parametrize("args", [["validate", "--format", "x\x1b]0;t\x07\n::error::y"], ["x\x1b[31m\u202e"],
                                  ["diff", "--base", "a\x1b[2J"]])
def test_usage_errors_show_what_was_typed_with_escapes(args):
    result = tiendo(*args)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\u202e" not in result.stderr
    assert not any(line.startswith("::") for line in result.stderr.splitlines())
