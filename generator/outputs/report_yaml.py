"""A report as YAML text, written by a YAML emitter (never by pasting values into text).

`dump_report` writes a whole report the way clerks write them: contract key order, block style,
multi-line text as `|` blocks, dates and numbers plain, task ids in double quotes. Every text value
is quoted or escaped by the emitter as it needs (`yes`, `#`, `: `, a leading `@`), and what the
strict reader refuses raw (control and bidirectional characters, U+2028) is written as an escape
inside double quotes, so `read_document` gives back exactly the values written.

`scalar` and `comment` serve the new-update template: one value in YAML, and text made safe for
a `#` comment (it can never end the comment line).
"""

from __future__ import annotations

import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from yaml.nodes import ScalarNode

from generator.data.models import DocumentRef, Entry, Revision, Update

# what the strict reader refuses raw (reader._FORBIDDEN), plus CR, which a YAML reader turns into LF
_RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\r\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_COMMENT_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]+")


_PARTS: dict[str, type[BaseModel]] = {"entries": Entry, "revisions": Revision, "documents": DocumentRef}


class Quoted(str):
    """Text always written in double quotes: task ids (`"1.10"`, as the guide tells clerks), and
    multi-line text placed on one line."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key, as clerks write them


def _text(dumper: yaml.SafeDumper, value: str) -> ScalarNode:
    if _RAW_FORBIDDEN.search(value):
        style = '"'  # escaped by the emitter, or by `_escape_raw` below
    elif "\n" in value:
        style = "|"  # the emitter falls back to quotes where a block cannot hold the text exactly
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _plain(dumper: yaml.SafeDumper, text: str) -> ScalarNode:
    """A number or date as plain text: tagged as the resolver would read it, so it is never quoted."""
    return dumper.represent_scalar(dumper.resolve(ScalarNode, text, (True, False)), text)


def number_text(value: int | float) -> str:
    """12 -> `12`, 12.0 -> `12`, 1e-05 -> `0.00001`: plain decimal text the contract accepts."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)), "f")


_Dumper.add_representer(str, _text)
_Dumper.add_representer(Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))
_Dumper.add_representer(int, lambda d, v: _plain(d, number_text(v)))
_Dumper.add_representer(float, lambda d, v: _plain(d, number_text(v)))
_Dumper.add_representer(date, lambda d, v: _plain(d, v.isoformat()))


def _escape_raw(text: str) -> str:
    """Characters the emitter leaves raw but the reader refuses (e.g. U+202E, which PyYAML deems
    printable). Values holding one are double-quoted (`_text`), so a `\\uXXXX` escape is valid there."""
    return _RAW_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}" if m.group() != "\r" else "\\r", text)


def _ordered(value: Any, model: type[BaseModel] | None) -> Any:
    """Drop absent values and empty lists/mappings; keys in the contract's order (the model's fields);
    task ids marked for double quotes."""
    if isinstance(value, list):
        return [_ordered(v, model) for v in value]
    if not isinstance(value, dict) or model is None:
        return value
    fields = list(model.model_fields)
    out = {}
    for key in sorted(value, key=lambda k: fields.index(k) if k in fields else len(fields)):
        item = value[key]
        if item is None or (isinstance(item, (list, dict)) and not item and key != "entries"):
            continue
        out[key] = Quoted(item) if key == "task" else _ordered(item, _PARTS.get(key))
    return out


def schema_line(report_file: Path, repo_root: Path) -> str:
    """`# yaml-language-server: $schema=...`, relative to where the report lives, as in every data file."""
    schema = os.path.relpath(repo_root / "docs" / "schemas" / "update.schema.json", report_file.parent)
    return f"# yaml-language-server: $schema={Path(schema).as_posix()}\n"


def dump_report(report: dict[str, Any], header: str = "") -> str:
    """The report (plain values: str, int, float, date, lists, dicts) as YAML text, after `header`."""
    body = yaml.dump(_ordered(report, Update), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1_000_000, indent=2)
    return header + _escape_raw(body)


def scalar(value: str | int | float | date) -> str:
    """One value as YAML on one line, to place after `key: `."""
    if isinstance(value, str) and "\n" in value:
        value = Quoted(value)
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=1_000_000)
    return _escape_raw(text.removesuffix("...\n").rstrip("\n"))


def comment(text: Any) -> str:
    """Text safe inside a `#` comment: line breaks and hidden characters become one space."""
    return _COMMENT_UNSAFE.sub(" ", str(text)).strip()
