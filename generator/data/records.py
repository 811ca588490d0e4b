"""The three file kinds as plain records, checked without pydantic: the common case of `load`.

`models.py` describes the files to pydantic, which tells every problem of a file precisely, but
importing and building it costs `tiendo validate` more than reading a province's reports. Most
files have no problem, so each file is first checked here, with the same parsers
(`scalars.py`): a record is built only when every field is exactly what the model accepts, and
holds the values the model would hold. Anything else, an unknown key, a missing field, one
value out of place, gives None, and the file goes to pydantic, whose errors become the clerk's
messages. So a record never accepts what the model refuses; the tests hold the two descriptions
of the fields to each other.

The records have the fields, and (through the `*Rules` classes, shared with the models) the
properties and methods of the models of the same name: the checks of `validate.py` and
`timeline.py` read either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.data.periods import Period
from generator.data.scalars import (
    RECURRING,
    REVIEWER_RE,
    SLUG_RE,
    TASK_ID_RE,
    URL_RE,
    Invalid,
    last_day_of,
    number_range,
    parse_date,
    parse_deadline,
    parse_due,
)

# --- what a task, an extension and an entry mean, for the records and the models alike ---------------


@dataclass(frozen=True)
class DeadlineStep:
    """One deadline of a task as decided over time: the plan's own, then each extension."""

    due: date | Period  # as written: a date or a period
    due_date: date  # the last day it allows
    decided_on: date | None = None  # None for the plan's own deadline
    decision: str | None = None
    reason: str | None = None


class ExtensionRules:
    __slots__ = ()  # the fields are the record's or the model's

    @property
    def due_date(self) -> date:
        return last_day_of(self.due)


class TaskRules:
    __slots__ = ()  # the fields are the record's or the model's

    @property
    def recurring(self) -> bool:
        return self.due == RECURRING

    @property
    def due_date(self) -> date | None:
        """The plan's own due date of a one-off task (a period means its last day), before any extension."""
        return None if self.recurring else last_day_of(self.due)

    def counted_at(self, reference: date) -> bool:
        """Whether the task takes part in the figures of a period with reference date R(P) (contract §7)."""
        return self.assigned is None or self.assigned <= reference

    def due_at(self, reference: date) -> date | None:
        """The due date in force at `reference`: the last extension decided by then, else the plan's own.

        None for a recurring task. Extensions are validated to be decided in increasing order.
        """
        if self.recurring:
            return None
        due = self.due_date
        for extension in self.extensions:
            if extension.decided_on > reference:
                break
            due = extension.due_date
        return due

    @property
    def deadline_history(self) -> list[DeadlineStep]:
        """The plan's own deadline, then each extension (empty for a recurring task)."""
        if self.recurring:
            return []
        return [DeadlineStep(self.due, self.due_date), *(
            DeadlineStep(e.due, e.due_date, e.decided_on, e.decision, e.reason) for e in self.extensions)]


class EntryRules:
    __slots__ = ()  # the fields are the record's or the model's

    @property
    def has_text(self) -> bool:
        return bool(self.result or self.obstacles or self.proposals)


# --- the values of each field, as the models' types accept them ----------------------------------------

Check = Callable[[Any], Any]


def _refuse() -> Invalid:
    return Invalid("wrong-type")  # the rule does not matter: pydantic tells the problem


def _line(value: Any) -> Any:
    """`str`, `Line`, `Markdown`: any text."""
    if value.__class__ is not str:
        raise _refuse()
    return value


def _text(value: Any) -> Any:
    """`Text`: text that is not blank."""
    if value.__class__ is not str or not value.strip():
        raise _refuse()
    return value


# Ids, numbers and dates repeat across a plan's reports: each check remembers the texts it accepted, and
# their values (immutable: strings, numbers, dates, periods), up to this many.
REMEMBERED = 100_000
_UNKNOWN: Any = object()


def _matching(pattern) -> Check:
    """`Slug`, `TaskId`, `Url`, `Reviewer`: text of a form."""
    fullmatch = pattern.fullmatch
    accepted: set[str] = set()

    def check(value: Any) -> Any:
        if value.__class__ is not str:
            raise _refuse()
        if value in accepted:
            return value
        if fullmatch(value) is None:
            raise _refuse()
        if len(accepted) < REMEMBERED:
            accepted.add(value)
        return value

    return check


def _parsed(parse: Check) -> Check:
    """A day, a due, a number: text that `parse` (of scalars.py) reads."""
    accepted: dict[str, Any] = {}

    def check(value: Any) -> Any:
        if value.__class__ is not str:
            raise _refuse()
        found = accepted.get(value, _UNKNOWN)
        if found is _UNKNOWN:
            found = parse(value)  # raises Invalid
            if len(accepted) < REMEMBERED:
                accepted[value] = found
        return found

    return check


def _one_of(*choices: str) -> Check:
    """`Literal[...]`."""
    allowed = frozenset(choices)

    def check(value: Any) -> Any:
        if value.__class__ is not str or value not in allowed:
            raise _refuse()
        return value

    return check


def _list(item: Check) -> Check:
    def check(value: Any) -> Any:
        if value.__class__ is not list:
            raise _refuse()
        return [item(one) for one in value]

    return check


def _mapping(key: Check, item: Check) -> Check:
    def check(value: Any) -> Any:
        if value.__class__ is not dict:
            raise _refuse()
        return {key(k): item(v) for k, v in value.items()}

    return check


def _record(cls: type[Record]) -> Check:
    return lambda value: _build(cls, value)


_slug, _task_id = _matching(SLUG_RE), _matching(TASK_ID_RE)
_url, _reviewer = _matching(URL_RE), _matching(REVIEWER_RE)
_day, _due, _deadline = _parsed(parse_date), _parsed(parse_due), _parsed(parse_deadline)
_percent, _non_negative = _parsed(number_range(0, 100)), _parsed(number_range(0, None))
_positive = _parsed(number_range(0, None, low_open=True))
_day_of_month, _count = _parsed(number_range(1, 28, integer=True)), _parsed(number_range(0, None, integer=True))
_status = _one_of("not_started", "in_progress", "completed")

REQUIRED: Any = object()  # a field without a default


class Record:
    """Part of a file as plain values: the fields of the model of the same name, as (name, check, default)."""

    FIELDS: tuple[tuple[str, Check, Any], ...] = ()
    # from FIELDS, for `_build`: each field's check, the defaults, and the fields that need a new list or dict
    _checks: dict[str, Check]
    _defaults: dict[str, Any]
    _required: tuple[str, ...]
    _fresh: tuple[tuple[str, type], ...]

    def __init_subclass__(cls) -> None:
        cls._checks = {name: check for name, check, _ in cls.FIELDS}
        cls._defaults = {name: default for name, _, default in cls.FIELDS if default is not REQUIRED
                         and default is not list and default is not dict}
        cls._required = tuple(name for name, _, default in cls.FIELDS if default is REQUIRED)
        cls._fresh = tuple((name, default) for name, _, default in cls.FIELDS if default is list or default is dict)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]  # as the models: mutable, compared by value

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


def _build(cls: type[Record], data: Any) -> Record:
    """The record of `data` (a mapping from the reader), or `Invalid` when the model would not accept it as is."""
    if data.__class__ is not dict:
        raise _refuse()
    checks = cls._checks
    values = cls._defaults.copy()
    for key, value in data.items():
        check = checks.get(key)
        if check is None:  # a key the model does not know
            raise _refuse()
        values[key] = check(value)
    for name in cls._required:
        if name not in data:
            raise _refuse()
    for name, factory in cls._fresh:
        if name not in data:
            values[name] = factory()
    record = object.__new__(cls)
    record.__dict__ = values
    return record


def build(kind: str, data: Any) -> Record | None:
    """The record of a whole file of `kind` ("AgenciesFile", "Plan" or "Update"), or None when pydantic
    must look at it (it has a problem, or a form this fast check does not vouch for)."""
    try:
        return _build(FILES[kind], data)
    except Invalid:
        return None


# --- the records, field for field as in models.py ---------------------------------------------------------


class Agency(Record):
    FIELDS = (("id", _slug, REQUIRED), ("name", _text, REQUIRED), ("short_name", _line, None),
              ("reviewers", _list(_reviewer), list))


class AgenciesFile(Record):
    FIELDS = (("agencies", _list(_record(Agency)), REQUIRED),)


class Reporting(Record):
    FIELDS = (("cycle", _one_of("month", "quarter", "half", "year"), REQUIRED), ("cutoff_day", _day_of_month, None),
              ("due_day", _day_of_month, 20), ("lock_days", _count, 15))


class Group(Record):
    FIELDS = (("id", _task_id, REQUIRED), ("title", _text, REQUIRED))


class Indicator(Record):
    FIELDS = (("id", _slug, REQUIRED), ("name", _text, REQUIRED), ("unit", _line, None),
              ("aggregate", _one_of("sum", "last"), REQUIRED), ("target", _non_negative, None))


class Extension(ExtensionRules, Record):
    FIELDS = (("due", _deadline, REQUIRED), ("decided_on", _day, REQUIRED), ("decision", _line, None),
              ("reason", _line, None))


class Task(TaskRules, Record):
    FIELDS = (("id", _task_id, REQUIRED), ("group", _task_id, None), ("title", _text, REQUIRED),
              ("lead", _slug, REQUIRED), ("support", _list(_slug), list), ("due", _due, REQUIRED),
              ("weight", _positive, 1), ("assigned", _day, None), ("extensions", _list(_record(Extension)), list),
              ("indicators", _list(_record(Indicator)), list))


class Signer(Record):
    FIELDS = (("on_behalf", _line, None), ("title", _line, None), ("name", _line, None))


class ReportHeader(Record):
    FIELDS = (("style", _one_of("party", "state"), "party"), ("parent", _text, None), ("issuer", _text, REQUIRED),
              ("symbol", _text, REQUIRED), ("place", _text, REQUIRED), ("recipients", _list(_text), list),
              ("signer", _record(Signer), None))


class Plan(Record):
    FIELDS = (("id", _slug, REQUIRED), ("code", _text, REQUIRED), ("title", _text, REQUIRED),
              ("issued_by", _text, REQUIRED), ("issued_on", _day, REQUIRED), ("owner", _slug, REQUIRED),
              ("start", _day, REQUIRED), ("end", _day, REQUIRED), ("reporting", _record(Reporting), REQUIRED),
              ("groups", _list(_record(Group)), list), ("tasks", _list(_record(Task)), REQUIRED),
              ("report", _record(ReportHeader), None))


class Revision(Record):
    FIELDS = (("date", _day, REQUIRED), ("reason", _text, REQUIRED))


class DocumentRef(Record):
    FIELDS = (("number", _text, REQUIRED), ("date", _day, None), ("title", _line, None), ("url", _url, None))


class Entry(EntryRules, Record):
    FIELDS = (("task", _task_id, REQUIRED), ("status", _status, None), ("progress", _percent, None),
              ("completed_on", _day, None), ("result", _line, None), ("obstacles", _line, None),
              ("proposals", _line, None), ("indicators", _mapping(_slug, _non_negative), dict),
              ("documents", _list(_record(DocumentRef)), list))


class Update(Record):
    FIELDS = (("plan", _slug, REQUIRED), ("agency", _slug, REQUIRED), ("period", _line, REQUIRED),
              ("as_of", _day, REQUIRED), ("submitted_on", _day, REQUIRED), ("reporter", _line, None),
              ("summary", _line, None), ("obstacles", _line, None), ("proposals", _line, None),
              ("revisions", _list(_record(Revision)), list), ("entries", _list(_record(Entry)), REQUIRED))


FILES: dict[str, type[Record]] = {"AgenciesFile": AgenciesFile, "Plan": Plan, "Update": Update}
# the keys that hold free text in some file (models.is_prose tells where exactly): a value cut short by ` #`
# under any other key is not told, and validation need not load the models to find that out
PROSE_KEYS = frozenset({"code", "decision", "issued_by", "issuer", "name", "number", "obstacles", "on_behalf",
                        "parent", "place", "proposals", "reason", "recipients", "reporter", "result", "short_name",
                        "summary", "symbol", "title", "unit"})
