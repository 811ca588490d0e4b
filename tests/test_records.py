"""The records (the fast check of every file) against the pydantic models: the same fields, the same
values, and never a file accepted that the models refuse."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from generator.data import models, records
from generator.data.reader import read_document
from generator.data.synth import SynthConfig, write

HERE = Path(__file__).parent
_PATH = re.compile(r"^# path: (\S+)", re.MULTILINE)
RECORDS = sorted(name for name, value in vars(records).items()
                 if isinstance(value, type) and issubclass(value, records.Record) and value is not records.Record)


def _kind(relative: str) -> str:
    if relative == "agencies.yaml":
        return "AgenciesFile"
    return "Plan" if relative.startswith("plans/") else "Update"


def _files() -> list[tuple[str, Path, str]]:
    """Every YAML file of the fixtures and the corpus that is readable YAML (the others are never checked
    against a schema), with its kind."""
    out = []
    for root in (HERE / "fixtures" / "base", HERE / "fixtures" / "example"):
        for path in sorted(root.rglob("*.yaml")):
            out.append((f"{root.name}/{path.relative_to(root)}", path, _kind(path.relative_to(root).as_posix())))
    for path in sorted((HERE / "corpus").glob("*.yaml")):
        placed = _PATH.search(path.read_text(encoding="utf-8", errors="replace"))
        if placed:
            out.append((f"corpus/{path.name}", path, _kind(placed.group(1))))
    return [(name, path, kind) for name, path, kind in out if read_document(path.read_bytes(), name)[0] is not None]


FILES = _files()


def _plain(value):
    """A record or a model as nested dicts, lists and values."""
    if isinstance(value, (records.Record, BaseModel)):
        names = [name for name, _, _ in type(value).FIELDS] if isinstance(value, records.Record) \
            else list(type(value).model_fields)
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _model_or_none(kind: str, data) -> BaseModel | None:
    try:
        return getattr(models, kind).model_validate(data)
    except ValidationError:
        return None


def test_every_model_has_a_record_with_the_same_fields_required_and_defaults():
    model_names = sorted(name for name, value in vars(models).items()
                         if isinstance(value, type) and issubclass(value, BaseModel)
                         and value.__module__ == models.__name__ and not name.startswith("_"))
    assert RECORDS == model_names
    for name in RECORDS:
        fields = [(field, default) for field, _, default in getattr(records, name).FIELDS]
        expected = [(field, records.REQUIRED if info.is_required() else (info.default_factory or info.default))
                    for field, info in getattr(models, name).model_fields.items()]
        assert fields == expected, name


@pytest.mark.parametrize("name, path, kind", FILES, ids=[name for name, _, _ in FILES])
def test_a_record_is_built_exactly_when_the_model_accepts_the_file_and_holds_the_same_values(name, path, kind):
    doc, _ = read_document(path.read_bytes(), name)
    record = records.build(kind, doc.data)
    model = _model_or_none(kind, doc.data)
    assert (record is None) == (model is None)
    if record is not None:
        assert _plain(record) == _plain(model)


def test_a_synthetic_data_set_is_read_alike_by_records_and_models(tmp_path):
    write(tmp_path, SynthConfig(agencies=6, tasks=40, periods=6, seed=7))
    for path in sorted(tmp_path.rglob("*.yaml")):
        relative = path.relative_to(tmp_path).as_posix()
        doc, _ = read_document(path.read_bytes(), relative)
        record = records.build(_kind(relative), doc.data)
        assert record is not None, relative
        assert _plain(record) == _plain(getattr(models, _kind(relative)).model_validate(doc.data))


REPORT = {"plan": "kh-mau", "agency": "cong-an", "period": "2019-Q1", "as_of": "2019-03-31",
          "submitted_on": "2019-04-05",
          "entries": [{"task": "1.1", "status": "in_progress", "progress": "40", "result": "Đã làm",
                       "indicators": {"so-vu": "12"}, "documents": [{"number": "12/KH", "date": "2019-01-02"}]}]}
PLAN = {"id": "kh-mau", "code": "17-KH/TU", "title": "Kế hoạch", "issued_by": "Ban", "issued_on": "2018-01-02",
        "owner": "ban-noi-chinh", "start": "2018-01-01", "end": "2020-12-31",
        "reporting": {"cycle": "quarter", "cutoff_day": "15"},
        "tasks": [{"id": "1.1", "title": "Nhiệm vụ", "lead": "cong-an", "due": "2019-Q4", "weight": "2",
                   "extensions": [{"due": "2020-06-30", "decided_on": "2019-10-01"}],
                   "indicators": [{"id": "so-vu", "name": "Số vụ", "aggregate": "sum", "target": "100"}]}],
        "report": {"issuer": "Ban", "symbol": "BC/B", "place": "Đà Nẵng", "recipients": ["Thường trực"]}}
AGENCIES = {"agencies": [{"id": "cong-an", "name": "Công an", "reviewers": ["@cong-an", "ca@example.vn"]}]}


def _with(data: dict, path: tuple, value) -> dict:
    """`data` with the value at `path` replaced (or, for `...`, removed)."""
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    if value is ...:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


# Each change turns a sound file into one the models refuse: the records must refuse it too.
REFUSED = [
    ("Update", REPORT, ("entries", 0, "progress"), "101"),
    ("Update", REPORT, ("entries", 0, "progress"), "1_000"),
    ("Update", REPORT, ("entries", 0, "progress"), "0x10"),
    ("Update", REPORT, ("entries", 0, "progress"), ".inf"),
    ("Update", REPORT, ("entries", 0, "progress"), "60%"),
    ("Update", REPORT, ("entries", 0, "progress"), ["40"]),
    ("Update", REPORT, ("entries", 0, "status"), "hoàn thành"),
    ("Update", REPORT, ("entries", 0, "task"), "“1.1”"),
    ("Update", REPORT, ("entries", 0, "task"), {"id": "1.1"}),
    ("Update", REPORT, ("entries", 0, "ket_qua"), "Đã làm"),
    ("Update", REPORT, ("entries", 0, "task"), ...),
    ("Update", REPORT, ("entries", 0, "indicators"), {"Số vụ": "12"}),
    ("Update", REPORT, ("entries", 0, "indicators"), {"so-vu": "-1"}),
    ("Update", REPORT, ("entries", 0, "indicators"), ["so-vu"]),
    ("Update", REPORT, ("entries", 0, "documents", 0, "number"), "  "),
    ("Update", REPORT, ("entries", 0, "documents", 0, "url"), "ftp://example.vn"),
    ("Update", REPORT, ("entries", 0, "documents"), [None]),
    ("Update", REPORT, ("entries",), {"task": "1.1"}),
    ("Update", REPORT, ("entries",), [None]),
    ("Update", REPORT, ("as_of",), "2019-02-30"),
    ("Update", REPORT, ("as_of",), "31/03/2019"),
    ("Update", REPORT, ("period",), ["2019-Q1"]),
    ("Update", REPORT, ("revisions",), [{"date": "2019-05-01"}]),
    ("Update", REPORT, ("revisions",), [{"date": "2019-05-01", "reason": ""}]),
    ("Update", REPORT, ("agency",), "Công an"),
    ("Plan", PLAN, ("tasks", 0, "due"), "soon"),
    ("Plan", PLAN, ("tasks", 0, "extensions", 0, "due"), "recurring"),
    ("Plan", PLAN, ("tasks", 0, "weight"), "0"),
    ("Plan", PLAN, ("tasks", 0, "support"), ["cong-an", None]),
    ("Plan", PLAN, ("tasks", 0, "indicators", 0, "aggregate"), "avg"),
    ("Plan", PLAN, ("reporting", "cutoff_day"), "29"),
    ("Plan", PLAN, ("reporting", "due_day"), "20.0"),
    ("Plan", PLAN, ("reporting", "lock_days"), "-1"),
    ("Plan", PLAN, ("reporting",), "quarter"),
    ("Plan", PLAN, ("report", "style"), "party-state"),
    ("Plan", PLAN, ("report", "recipients"), ["Thường trực", " "]),
    ("Plan", PLAN, ("report", "signer"), {"ten": "A"}),
    ("Plan", PLAN, ("tasks",), ...),
    ("AgenciesFile", AGENCIES, ("agencies", 0, "reviewers"), ["cong-an"]),
    ("AgenciesFile", AGENCIES, ("agencies", 0, "name"), ""),
    ("AgenciesFile", AGENCIES, ("agencies",), {"cong-an": "Công an"}),
]


@pytest.mark.parametrize("kind, data", [("Update", REPORT), ("Plan", PLAN), ("AgenciesFile", AGENCIES)])
def test_the_sound_files_of_the_table_are_sound_to_both(kind, data):
    record = records.build(kind, data)
    assert record is not None
    assert _plain(record) == _plain(getattr(models, kind).model_validate(data))


@pytest.mark.parametrize("kind, data, path, value", REFUSED)
def test_a_value_the_models_refuse_is_refused_by_the_records(kind, data, path, value):
    changed = _with(data, path, value)
    assert _model_or_none(kind, changed) is None
    assert records.build(kind, changed) is None


def test_a_refused_value_is_refused_again_after_sound_ones_were_remembered():
    for _ in range(2):
        assert records.build("Update", REPORT) is not None
        assert records.build("Update", _with(REPORT, ("entries", 0, "progress"), "101")) is None


def test_the_keys_of_free_text_are_those_the_models_mark_as_prose():
    found = set()
    for name in RECORDS:
        model = getattr(models, name)
        found |= {field for field in model.model_fields
                  if models.is_prose(model, (field,)) or models.is_prose(model, (field, 0))}
    assert records.PROSE_KEYS == found


def test_a_comment_after_an_id_is_checked_without_the_models(tmp_path):
    import subprocess
    import sys

    write(tmp_path / "data", SynthConfig(agencies=3, tasks=8, periods=2, seed=1))
    report = next((tmp_path / "data/updates").rglob("*.yaml"))
    text = report.read_text(encoding="utf-8")
    report.write_text(re.sub(r"^(agency: .*)$", r"\1  # cơ quan chủ trì", text, count=1, flags=re.MULTILINE),
                      encoding="utf-8")
    code = ("import sys; from datetime import date; from generator.check import check; "
            f"_, problems = check({str(tmp_path / 'data')!r}, date(2026, 1, 1)); "
            "print(len(problems), 'generator.data.models' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "False"]
