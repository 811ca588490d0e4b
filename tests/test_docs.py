"""Documentation kept true to the code."""

from __future__ import annotations

import typer.main
from conftest import REPO

from generator.cli import app
from generator.data.rules import RULES


def test_every_command_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = typer.main.get_command(app).commands
    assert set(commands) == {"validate", "stats", "export", "build", "serve", "diff", "codeowners", "new-update",
                             "schema", "form", "import"}
    for name in commands:
        assert f"`tiendo {name}" in readme, name


def test_readme_starts_with_the_two_commands():
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```bash") + 1: lines.index("```bash") + 3]
    assert "pip install" in block[0] and "tiendo build" in block[0]
    assert block[1] == ".venv/bin/python -m pytest -q"
    assert block[1] in (REPO / ".ci/run").read_text(encoding="utf-8")


def test_every_rule_has_messages_hints_and_an_example_in_both_languages():
    for rule in RULES.values():
        for lang in ("vi", "en"):
            assert "{" not in rule.render_message(lang, rule.example), (rule.code, lang)
            assert "{" not in rule.render_hint(lang, rule.example), (rule.code, lang)
        assert rule.severity in ("error", "warning") and rule.stage in ("read", "schema", "data", "git")
