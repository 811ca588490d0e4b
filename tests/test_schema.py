"""JSON Schemas: committed copies match the models; the bundled data satisfies them as editors read it."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import EXAMPLE, REPO

from generator.data.schema import SCHEMAS, json_schema, write_schemas

SCHEMA_DIR = REPO / "docs" / "schemas"


def test_committed_schemas_are_up_to_date(tmp_path):
    write_schemas(tmp_path)
    for kind in SCHEMAS:
        name = f"{kind}.schema.json"
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == (tmp_path / name).read_text(encoding="utf-8"), (
            f"docs/schemas/{name} is stale: run `tiendo schema --out docs/schemas`")


def _as_editor_reads(path: Path):
    """YAML 1.2 as editors read it: dates stay text (PyYAML would make them date objects)."""
    def plain(value):
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value
    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def _kind(path: Path) -> str:
    if path.name == "agencies.yaml":
        return "agencies"
    return "plan" if path.name == "plan.yaml" else "update"


DATA_FILES = sorted((REPO / "data").rglob("*.yaml"))


@pytest.mark.parametrize("path", sorted(EXAMPLE.rglob("*.yaml")) + DATA_FILES,
                         ids=lambda p: p.relative_to(REPO).as_posix())
def test_valid_files_satisfy_their_json_schema(path):
    jsonschema.validate(_as_editor_reads(path), json_schema(_kind(path)))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_a_schema_line_names_the_schema_of_its_kind(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    if not first.startswith("# yaml-language-server: $schema="):
        pytest.skip("no schema line (optional)")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == (SCHEMA_DIR / f"{_kind(path)}.schema.json").resolve()


def test_schema_rejects_an_unknown_key_like_the_validator():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"agencies": [{"id": "a", "name": "A", "ten": "x"}]}, json_schema("agencies"))


def test_schemas_are_valid_draft_2020_12():
    for kind in SCHEMAS:
        jsonschema.Draft202012Validator.check_schema(json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text()))
