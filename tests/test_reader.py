"""Strict reading (contract section 2): what is refused, what is accepted, where problems are."""

from __future__ import annotations

import string
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.data.reader import MAX_BYTES, read_document


def read(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return read_document(raw, "data/x.yaml")


def rules(text: str | bytes) -> list[tuple[str, int, int]]:
    doc, problems = read(text)
    assert doc is None or not problems
    return [(p.rule, p.line, p.column) for p in problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("result: yes\n", {"result": "yes"}),
        ("short_name: NO\n", {"short_name": "NO"}),
        ("task: 1.10\n", {"task": "1.10"}),
        ("task: 010\n", {"task": "010"}),
        ("on: off\n", {"on": "off"}),
        ("as_of: 2019-03-14\n", {"as_of": "2019-03-14"}),
        ("a:\nb: null\nc: ~\nd: ''\n", {"d": ""}),
        ("a: 'null'\n", {"a": "null"}),
        ("list: [a, b, ~]\n", {"list": ["a", "b", None]}),
        ("text: |\n  dòng 1\n  dòng 2\n", {"text": "dòng 1\ndòng 2\n"}),
        ("tab:\tvalue\n", {"tab": "value"}),
        ("---\na: 1\n", {"a": "1"}),
        ("a: 1\n...\n", {"a": "1"}),
    ],
)
def test_values_are_read_as_written_text(text, expected):
    doc, problems = read(text)
    assert problems == []
    assert doc.data == expected


def test_byte_order_mark_is_accepted():
    doc, problems = read(b"\xef\xbb\xbfname: C\xc3\xb4ng an\n")
    assert problems == [] and doc.data == {"name": "Công an"}


def test_decomposed_vietnamese_is_normalised_to_nfc_in_keys_and_values():
    nfd = unicodedata.normalize("NFD", "Kiểm soát tài sản")
    doc, problems = read(f"{nfd}: {nfd}\n")
    assert problems == []
    [(key, value)] = doc.data.items()
    assert key == value == "Kiểm soát tài sản"
    assert unicodedata.is_normalized("NFC", value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 2\na: 3\n", [("duplicate-key", 3, 1)]),
        ("a: &x 1\n", [("anchor", 1, 4)]),
        ("a: 1\nb: *x\n", [("alias", 2, 4)]),
        ("base: {x: 1}\n<<: {y: 2}\n", [("merge-key", 2, 1)]),
        ("a: !!python/object:os.system 1\n", [("tag", 1, 4)]),
        ("a: !include other.yaml\n", [("tag", 1, 4)]),
        ("a: 1\n---\nb: 2\n", [("multiple-documents", 2, 1)]),
        ("? [a, b]\n: 1\n", [("complex-key", 1, 3)]),
        ("a: b: c\n", [("yaml-syntax", 1, 5)]),
        ("a:\n  b: 1\n c: 2\n", [("yaml-syntax", 3, 2)]),
        ("a: 'chưa đóng\n", [("yaml-syntax", 1, 4)]),  # at the opening quote
    ],
)
def test_refused_constructs_are_reported_where_they_are(text, expected):
    assert rules(text) == expected


def test_every_problem_of_a_file_is_reported_not_only_the_first():
    found = rules("a: &x 1\nb: *x\nc: !tag 2\n")
    assert [r for r, _, _ in found] == ["anchor", "alias", "tag"]


def test_nesting_up_to_the_limit_is_read_and_one_more_level_is_refused():
    assert rules("[" * 20 + "]" * 20) == []
    assert rules("[" * 21 + "]" * 21) == [("too-deep", 1, 21)]


def test_very_deep_nesting_is_refused_without_recursion_error():
    assert rules("[" * 100_000)[0][0] == "too-deep"


def test_alias_bomb_is_refused_quickly():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    found = rules("\n".join(lines))
    assert {r for r, _, _ in found} == {"anchor", "alias"}


def test_file_over_one_mebibyte_is_refused():
    assert rules(b"a: " + b"x" * MAX_BYTES) == [("file-too-large", 1, 1)]


def test_invalid_utf8_is_reported_at_the_bad_byte():
    assert rules("tên: Công an\nghi chú: ".encode() + b"\xff\xfe\n") == [("not-utf8", 2, 10)]


def test_windows_1258_text_is_not_utf8():
    assert rules("name: Công an".encode("cp1258"))[0][0] == "not-utf8"


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused(char):
    assert rules(f"a: 1\nb: x{char}y\n") == [("control-character", 2, 5)]


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                  "\u2069"])
def test_bidirectional_controls_are_refused(char):
    assert rules(f"a: x{char}y\n") == [("bidi-character", 1, 5)]


@pytest.mark.parametrize(("text", "expected"), [
    ('a: "x\\u202Ey"\n', [("escaped-control-character", 1, 4)]),
    ('a: 1\nb: "\\e[8mẩn\\e[0m"\n', [("escaped-control-character", 2, 4)]),  # one problem per character
    ('a: "\\x07\\x00"\n', [("escaped-control-character", 1, 4)] * 2),
    ('a: ["ok", "\\u2029"]\n', [("escaped-control-character", 1, 11)]),
    ('"k\\x1b": 1\n', [("escaped-control-character", 1, 1)]),  # keys too
    ('a: "\\U0001F600 \\u00e1 \\t \\n \\r \\\\ \\""\n', []),  # what text may hold
    ("a: '\\x07'\nb: \\e\nc: |\n  \\u202E\n", []),  # single quotes, plain and block text have no escapes
])
def test_hidden_characters_written_as_escapes_are_refused_where_the_value_starts(text, expected):
    assert rules(text) == expected


def test_escaped_hidden_character_is_named_in_the_message():
    _, [problem] = read('a: "\\u202E"\n')
    assert "U+202E" in problem.message("vi") and "U+202E" in problem.message("en")


def test_file_too_large_tells_the_size_of_the_file_not_of_what_was_read():
    assert read_document(b"a" * (MAX_BYTES + 1), "data/x.yaml", 5 * MAX_BYTES)[1][0].params["size"] == "5.242.880"


def test_tab_and_crlf_are_allowed():
    doc, problems = read("a:\tb\r\nc: d\r\n")
    assert problems == [] and doc.data == {"a": "b", "c": "d"}


def test_positions_of_keys_and_values_are_one_based():
    doc, _ = read("plan: x\nentries:\n  - task: '1.1'\n    progress:\n")
    assert doc.locate(("entries", 0, "task")) == (3, 11)
    assert doc.locate(("entries", 0, "task"), key=True) == (3, 5)
    assert doc.locate(("entries", 0, "progress"), key=True) == (4, 5)
    assert doc.has_key(("entries", 0, "progress")) and not doc.has_key(("entries", 0, "status"))
    assert doc.locate(("entries", 0, "status")) == (3, 5)  # nearest existing parent


def test_columns_count_characters_not_bytes():
    doc, _ = read("tiêu đề: Nội dung\nđơn vị: x\n")
    assert doc.locate(("tiêu đề",)) == (1, 10)


YAMLISH = st.text(alphabet=string.ascii_letters[:6] + ":-[]{}&*!|>'\"#,?\n \t~0123456789.ếđ\\%@`", max_size=200)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(raw):
    doc, problems = read_document(raw, "data/x.yaml")
    assert (doc is None) == bool(problems)
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


@settings(max_examples=600, deadline=None)
@given(YAMLISH)
def test_yaml_like_text_never_raises(text):
    doc, problems = read(text)
    assert (doc is None) == bool(problems)
    assert all(p.line >= 1 and p.column >= 1 for p in problems)
    for p in problems:
        assert p.message("vi") and p.message("en")


def test_every_hidden_character_begins_in_utf8_with_a_byte_the_quick_check_looks_for():
    """`decode` searches a file for hidden characters only when it has one of these bytes: none may slip by."""
    from generator.data.reader import _FORBIDDEN, _SUSPECT

    forbidden = [chr(code) for code in range(sys.maxunicode + 1)
                 if not 0xD800 <= code <= 0xDFFF and _FORBIDDEN.match(chr(code))]
    assert len(forbidden) > 60
    assert all(char.encode("utf-8")[0] in _SUSPECT for char in forbidden)
