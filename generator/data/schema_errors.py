"""A file that `records.py` does not vouch for, checked by pydantic (`models.py`): its errors told as the
clerk's problems, each at the place in the file it is about.

Imported only when a file has a problem (or a form the fast check leaves to pydantic), so that
checking a sound data folder never loads pydantic.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from generator.data import models
from generator.data.load import closest
from generator.data.models import kind_of, suggest_slug
from generator.data.problems import Problem
from generator.data.reader import Document
from generator.data.rules import PLACES, WHOLE_FILE, Text


def validate_file(doc: Document, kind: str) -> tuple[BaseModel | None, list[Problem]]:
    """The model of `doc`, a file of `kind` ("AgenciesFile", "Plan" or "Update"), or its problems."""
    model = getattr(models, kind)
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, schema_problems(doc, exc, model)


# pydantic's own type checks, as the variant of `wrong-type` that says what was expected
_EXPECTED = {"string_type": "text", "list_type": "list", "dict_type": "mapping", "model_type": "fields"}
# Vietnamese words a clerk may type for a field name, written without accents (`kết quả` -> `ket_qua`)
_SYNONYMS = {
    "ket_qua": "result", "ketqua": "result", "kho_khan": "obstacles", "vuong_mac": "obstacles",
    "kho_khan_vuong_mac": "obstacles", "kien_nghi": "proposals", "de_xuat": "proposals",
    "kien_nghi_de_xuat": "proposals", "tien_do": "progress", "trang_thai": "status", "tinh_trang": "status",
    "nhiem_vu": "task", "ngay_hoan_thanh": "completed_on", "tom_tat": "summary", "ket_qua_chung": "summary",
    "van_ban": "documents", "chi_tieu": "indicators", "ky": "period", "ky_bao_cao": "period", "co_quan": "agency",
    "ke_hoach": "plan", "ngay_chot": "as_of", "ngay_chot_so_lieu": "as_of", "ngay_gui": "submitted_on",
    "nguoi_bao_cao": "reporter", "han": "due", "thoi_han": "due", "chu_tri": "lead", "phoi_hop": "support",
    "ngay_giao": "assigned", "gia_han": "extensions",
}
# Vietnamese words for a status, written without accents, and the code to write instead
_STATUS_WORDS = {
    "dang thuc hien": "in_progress", "dang trien khai": "in_progress", "dang lam": "in_progress",
    "hoan thanh": "completed", "da hoan thanh": "completed", "xong": "completed", "da xong": "completed",
    "chua thuc hien": "not_started", "chua trien khai": "not_started", "chua bat dau": "not_started",
}
_QUOTED = re.compile(r"'([^']*)'")


def _plain(text: str, joiner: str) -> str:
    """Lower case without accents, words joined by `joiner`: `Kết quả` -> `ket_qua`."""
    return suggest_slug(text).replace("-", joiner)


def schema_problems(doc: Document, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    out = []
    for item in error.errors(include_url=False, include_input=True):
        out.append(_one_problem(doc, item, model))
    return out


def _field_name(loc: tuple) -> str | Text:
    names = [part for part in loc if isinstance(part, str) and part != "[key]"]
    return names[-1] if names else WHOLE_FILE


def _one_problem(doc: Document, item: dict[str, Any], model: type[BaseModel]) -> Problem:
    loc = tuple(item["loc"])
    kind = item["type"]
    ctx = dict(item.get("ctx") or {})
    if loc and loc[-1] == "[key]":  # a key of a mapping of ids (indicator values)
        line, column = doc.locate(loc[:-1], key=True)
        if kind not in _CUSTOM:
            kind, ctx = "invalid-slug", {"value": item.get("input"), "suggestion": suggest_slug(str(item.get("input")))}
        return Problem(kind, doc.path, line, column, {**ctx, "key": _field_name(loc[:-1])})
    key = _field_name(loc)
    if kind == "extra_forbidden":
        line, column = doc.locate(loc, key=True)
        parent = _model_at(model, loc[:-1])
        known = list(parent.model_fields) if parent else []
        written = str(loc[-1])
        guess, variant = _guess(written, known)
        params = {"key": written, "where": PLACES[parent.__name__ if parent else ""],
                  "known": ", ".join(f"`{k}`" for k in known)}
        if guess:
            params.update(variant=variant, suggestion=guess)
        return Problem("unknown-key", doc.path, line, column, params)
    if kind == "missing":
        if doc.has_key(loc):  # written, but empty
            line, column = doc.locate(loc, key=True)
            return Problem("empty-value", doc.path, line, column, {"key": key})
        line, column = doc.locate(loc[:-1])
        parent = _model_at(model, loc[:-1])
        info = parent.model_fields.get(str(loc[-1])) if parent else None
        about = info.description if info and info.description else key
        return Problem("missing-key", doc.path, line, column, {"key": key, "about": about, "about_en": key})
    line, column = doc.locate(loc)
    if kind in _CUSTOM:
        return Problem(kind, doc.path, line, column, {**ctx, "key": key})
    if kind in _EXPECTED:
        return Problem("wrong-type", doc.path, line, column,
                       {"key": key, "variant": _EXPECTED[kind], "found": kind_of(item.get("input"))})
    if kind == "literal_error":
        return _invalid_choice(doc, line, column, key, item.get("input"), ctx.get("expected", ""))
    if kind == "string_too_short":
        return Problem("empty-value", doc.path, line, column, {"key": key})
    # a pydantic check we did not foresee: still positioned, still a clear type problem
    return Problem("wrong-type", doc.path, line, column, {
        "key": key, "variant": "other", "found": kind_of(item.get("input")), "detail": item.get("msg", "")})


def _invalid_choice(doc: Document, line: int, column: int, key: Any, value: Any, expected: str) -> Problem:
    choices = ", ".join(f"`{choice}`" for choice in _QUOTED.findall(expected))
    params = {"key": key, "value": value, "choices": choices}
    if key == "status" and isinstance(value, str):
        code = _STATUS_WORDS.get(_plain(value, " "))
        if code is not None:
            params.update(variant="vietnamese-status", suggestion=code)
    return Problem("invalid-choice", doc.path, line, column, params)


_CUSTOM = {"wrong-type", "invalid-slug", "invalid-task-id", "invalid-date", "invalid-number", "number-too-large",
           "out-of-range", "invalid-due", "invalid-url", "invalid-reviewer", "empty-value"}


def _guess(key: str, known: list[str]) -> tuple[str | None, str]:
    """The known key a clerk most likely meant, and how (`close` spelling, or a `vietnamese` word for it)."""
    lowered = key.strip().lower().replace(" ", "_").replace("-", "_")
    if lowered in known:
        return lowered, "close"
    vietnamese = _SYNONYMS.get(_plain(key, "_"))
    if vietnamese in known:
        return vietnamese, "vietnamese"
    close = closest(lowered, known)
    return (close, "close") if close else (None, "")


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
