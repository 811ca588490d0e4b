"""Documentation kept true to the code."""

from __future__ import annotations

import re

import pytest
import typer.main
import yaml
from conftest import EXAMPLE, REPO

from generator.cli import app
from generator.data.rules import CYCLES, RULES, MissingParameter


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


def _renderings(rule):
    """(variant, language, message, hint) for the rule's example and for each of its variants."""
    for variant in (None, *rule.variants):
        params = rule.example if variant is None else {**rule.example, "variant": variant}
        for lang in ("vi", "en"):
            yield variant, lang, rule.render_message(lang, params), rule.render_hint(lang, params)


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_every_rule_and_variant_renders_with_its_example_in_both_languages(rule):
    """A missing value raises MissingParameter; a variant renders with the rule's example and its own name."""
    assert rule.severity in ("error", "warning") and rule.stage in ("read", "schema", "data", "git")
    told = {}
    for variant, lang, message, hint in _renderings(rule):
        assert message.strip() and "{" not in message and "}" not in message, (rule.code, variant, lang, message)
        assert "{" not in hint and "}" not in hint, (rule.code, variant, lang, hint)
        told[(variant, lang)] = message + hint
    for variant in (None, *rule.variants):
        assert told[(variant, "vi")] != told[(variant, "en")], (rule.code, variant)


def test_an_unknown_variant_is_a_bug_not_a_silent_fallback():
    with pytest.raises(MissingParameter):
        RULES["progress-mismatch"].render_message("vi", {"value": "100", "status": "completed", "variant": "done"})


def test_a_phrase_may_use_another_phrase_in_the_same_language():
    rule = RULES["invalid-period"]
    params = {**rule.example, "variant": "cycle", "cycle": CYCLES["half"], "other": CYCLES["year"]}
    assert "kế hoạch báo cáo theo 6 tháng, không theo năm" in rule.render_message("vi", params)
    assert "the plan reports by half-year, not by year" in rule.render_message("en", params)


_ENGLISH = re.compile(r"\b(the|or|and|is|are|not|should|must|input|expected|found|valid|value|string|field)\b",
                      re.IGNORECASE)


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_vietnamese_texts_have_no_english_words_outside_code(rule):
    for variant, lang, message, hint in _renderings(rule):
        if lang == "vi":
            prose = re.sub(r"`[^`]*`", "", message + " " + hint)
            assert not _ENGLISH.search(prose), (rule.code, variant, prose)


def _bundled_agencies() -> set[str]:
    agencies = yaml.safe_load((EXAMPLE / "agencies.yaml").read_text(encoding="utf-8"))["agencies"]
    return {a["id"] for a in agencies} | {a["name"] for a in agencies} | {"kh-17-tu", "17-KH/TU", "Đà Nẵng"}


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_rules_never_name_the_bundled_examples_agencies(rule):
    """An office replaces the bundled plan with its own: hints and examples use neutral names (`co-quan-a`)."""
    said = " ".join(f"{message} {hint}" for _, _, message, hint in _renderings(rule))
    for name in _bundled_agencies():
        assert name not in said, (rule.code, name)


CONTRACT_PAGE = REPO / "docs" / "huong-dan" / "hop-dong-du-lieu.md"


def _models():
    from pydantic import BaseModel

    from generator.data import models
    return [value for value in vars(models).values()
            if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == models.__name__
            and not value.__name__.startswith("_")]


def test_the_contract_page_names_every_field_of_every_file_kind():
    page = CONTRACT_PAGE.read_text(encoding="utf-8")
    assert page.startswith("# Hợp đồng dữ liệu, phiên bản 1.1")
    for model in _models():
        for name in model.model_fields:
            assert re.search(rf"\b{name}\b", page), (model.__name__, name)


def test_the_contract_page_names_every_warning_of_contract_section_9():
    page = CONTRACT_PAGE.read_text(encoding="utf-8")
    for code in ("ambiguous-number", "text-after-hash", "repeated-values", "repeated-text", "empty-report"):
        assert f"`{code}`" in page and RULES[code].severity == "warning", code
