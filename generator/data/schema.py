"""JSON Schemas of the three file kinds, for editors (yaml-language-server) and the site."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from generator.data.models import AgenciesFile, Plan, Update

SCHEMAS: dict[str, type[BaseModel]] = {
    "agencies": AgenciesFile,
    "plan": Plan,
    "update": Update,
}
TITLES = {
    "agencies": "tiendo: danh mục cơ quan (agencies.yaml)",
    "plan": "tiendo: kế hoạch (plans/<kế hoạch>/plan.yaml)",
    "update": "tiendo: báo cáo tiến độ (updates/<kế hoạch>/<cơ quan>/<kỳ>.yaml)",
}


def json_schema(kind: str) -> dict:
    schema = SCHEMAS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": TITLES[kind]}


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SCHEMAS:
        path = out / f"{kind}.schema.json"
        text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
