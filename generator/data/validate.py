"""Stage 2, validate: the rules that span files (data contract, sections 3-6 and 9).

Each file has already been checked against its own schema by `load`. Here
we check what one file cannot know alone: ids that must exist elsewhere,
folders that must match, periods and dates that depend on the plan, who
may report what; then the warnings read from how a value was written
(`4.120`, a ` #` in a text); `timeline` adds how reports follow one another.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from generator.data.load import Dataset, PlanData, UpdateFile, closest
from generator.data.periods import CYCLE_EXAMPLES, Period, parse_period
from generator.data.problems import Problem, add_at
from generator.data.reader import Document
from generator.data.records import PROSE_KEYS, Agency, Entry, Plan, Task
from generator.data.rules import CYCLES, Text, period_name
from generator.data.scalars import last_day_of
from generator.data.timeline import check_timeline
from generator.formatting import vi_date, vi_number

LEAD_ONLY = ("status", "progress", "completed_on")


def validate(data: Dataset, today: date) -> list[Problem]:
    problems: list[Problem] = []
    agencies = _check_agencies(data, problems)
    known = agencies if data.agencies_file is not None else None
    for plan in data.plans.values():
        _check_plan(plan, known, today, problems)
    by_plan: dict[str, list[UpdateFile]] = defaultdict(list)
    for update in data.updates:
        by_plan[update.plan_folder].append(update)
    for folder, updates in by_plan.items():
        plan = data.plans.get(folder)
        accepted = []
        for update in updates:
            if _check_update(data, plan, update, agencies, known, today, problems):
                accepted.append(update)
        if plan is not None:
            check_timeline(plan, accepted, problems)
    _check_cut_texts(data, problems)
    return problems


def _suggest(value: str, choices: Iterable[str]) -> dict[str, str]:
    close = closest(value, choices)
    return {"variant": "close", "suggestion": close} if close else {}


def _due_name(due: date | Period) -> Text | str:
    """A task's due as people read it: `31/12/2018`, or `Quý IV/2018 (31/12/2018)` for a period."""
    if isinstance(due, Period):
        last = vi_date(due.last_day)
        return Text(vi=f"{due.label} ({last})", en=f"{due.id} ({last})")
    return vi_date(due)


def _check_agencies(data: Dataset, problems: list[Problem]) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    if data.agencies_file is None:
        return agencies
    doc = data.agencies_file.doc
    first: dict[str, int] = {}  # id -> index of the agency that has it
    for i, agency in enumerate(data.agencies_file.values.agencies):
        if agency.id in agencies:
            add_at(problems, "duplicate-id", doc, ("agencies", i, "id"), value=agency.id,
                first_line=_line(doc, ("agencies", first[agency.id], "id")), variant="agency")
            continue
        agencies[agency.id] = agency
        first[agency.id] = i
    return agencies


def _line(doc: Document, loc: tuple) -> int:
    """The line of the value at `loc`: looked for only when a problem names it (positions cost a second reading)."""
    return doc.locate(loc)[0]


def _check_agency_ref(problems, doc, loc, value, known: dict[str, Agency] | None) -> bool:
    if known is None or value in known:
        return True
    add_at(problems, "unknown-agency", doc, loc, value=value, **_suggest(value, known))
    return False


def _check_plan(data: PlanData, known: dict[str, Agency] | None, today: date, problems: list[Problem]) -> None:
    plan, doc = data.values, data.file.doc
    if plan.id != data.folder:
        add_at(problems, "folder-mismatch", doc, ("id",), key="id", value=plan.id, expected=data.folder,
            variant="plan-id")
    _check_agency_ref(problems, doc, ("owner",), plan.owner, known)
    if plan.end < plan.start:
        add_at(problems, "end-before-start", doc, ("end",), end=vi_date(plan.end), start=vi_date(plan.start))
    reporting = plan.reporting
    if reporting.cutoff_day is not None and reporting.due_day <= reporting.cutoff_day:
        loc = ("reporting", "due_day") if doc.has_key(("reporting", "due_day")) else ("reporting", "cutoff_day")
        add_at(problems, "due-day-not-after-cutoff", doc, loc, due_day=reporting.due_day,
            cutoff_day=reporting.cutoff_day)

    groups: dict[str, int] = {}  # id -> index of the first group that has it
    for i, group in enumerate(plan.groups):
        if group.id in groups:
            add_at(problems, "duplicate-id", doc, ("groups", i, "id"), value=group.id,
                first_line=_line(doc, ("groups", groups[group.id], "id")), variant="group")
        else:
            groups[group.id] = i
    choices = {"choices": ", ".join(f"`{g}`" for g in groups)} if groups else {"choices": "", "variant": "no-groups"}

    tasks: dict[str, int] = {}  # id -> index of the first task that has it
    for i, task in enumerate(plan.tasks):
        here = ("tasks", i)
        if task.id in tasks:
            add_at(problems, "duplicate-id", doc, (*here, "id"), value=task.id,
                first_line=_line(doc, ("tasks", tasks[task.id], "id")), variant="task")
        else:
            tasks[task.id] = i
        if task.group is None and groups:
            add_at(problems, "missing-group", doc, here, task=task.id, **choices)
        elif task.group is not None and task.group not in groups:
            add_at(problems, "unknown-group", doc, (*here, "group"), value=task.group, **choices)
        _check_agency_ref(problems, doc, (*here, "lead"), task.lead, known)
        seen: set[str] = set()
        for j, agency in enumerate(task.support):
            loc = (*here, "support", j)
            if agency == task.lead:
                add_at(problems, "support-includes-lead", doc, loc, value=agency)
            elif agency in seen:
                add_at(problems, "duplicate-support", doc, loc, value=agency)
            else:
                _check_agency_ref(problems, doc, loc, agency, known)
            seen.add(agency)
        indicators: dict[str, int] = {}  # id -> index of the first indicator that has it
        for j, indicator in enumerate(task.indicators):
            loc = (*here, "indicators", j, "id")
            if indicator.id in indicators:
                add_at(problems, "duplicate-id", doc, loc, value=indicator.id,
                    first_line=_line(doc, (*here, "indicators", indicators[indicator.id], "id")), variant="indicator")
            else:
                indicators[indicator.id] = j
            raw = _raw(doc, (*here, "indicators", j, "target"))
            if raw is not None:
                _check_number_written(doc, (*here, "indicators", j, "target"), "target", raw, problems)
        _check_task_dates(plan, doc, here, task, today, problems)


def _check_task_dates(plan: Plan, doc: Document, here: tuple, task: Task, today: date,
                      problems: list[Problem]) -> None:
    """v1.1: a task given after the plan starts (`assigned`) and its deadline extensions."""
    assigned = task.assigned
    if assigned is not None:
        if not plan.start <= assigned <= plan.end:
            add_at(problems, "assigned-outside-plan", doc, (*here, "assigned"), value=vi_date(assigned),
                start=vi_date(plan.start), end=vi_date(plan.end))
        elif task.due_date is not None and task.due_date < assigned:
            add_at(problems, "due-before-assigned", doc, (*here, "due"), task=task.id, due=_due_name(task.due),
                assigned=vi_date(assigned))
    if not task.extensions:
        return
    if task.recurring:
        add_at(problems, "extension-on-recurring", doc, (*here, "extensions"), at_key=True, task=task.id)
        return
    replaced, decided_before = task.due, None
    for j, extension in enumerate(task.extensions, start=1):
        loc = (*here, "extensions", j - 1)
        if extension.due_date <= last_day_of(replaced):
            add_at(problems, "extension-not-later", doc, (*loc, "due"), number=j, task=task.id,
                due=_due_name(extension.due), previous=_due_name(replaced))
        decided = extension.decided_on
        where = (*loc, "decided_on")
        if decided > today:
            add_at(problems, "date-in-future", doc, where, key="decided_on", value=vi_date(decided))
        if decided < plan.start:
            add_at(problems, "extension-decided-too-early", doc, where, value=vi_date(decided),
                start=vi_date(plan.start))
        elif assigned is not None and decided < assigned:
            add_at(problems, "extension-decided-too-early", doc, where, value=vi_date(decided),
                assigned=vi_date(assigned), variant="assigned")
        if decided_before is not None and decided <= decided_before:
            add_at(problems, "extension-out-of-order", doc, where, number=j, value=vi_date(decided),
                previous=vi_date(decided_before))
        replaced, decided_before = extension.due, decided


def _agency_name(agencies: dict[str, Agency], agency_id: str) -> str:
    agency = agencies.get(agency_id)
    return agency.name if agency else agency_id


def _check_update(data: Dataset, plan: PlanData | None, update: UpdateFile, agencies: dict[str, Agency],
                  known: dict[str, Agency] | None, today: date, problems: list[Problem]) -> bool:
    """Check one report; True when it is sound enough to take part in the history checks."""
    model, doc = update.values, update.doc
    before = len(problems)
    for key, expected in (("plan", update.plan_folder), ("agency", update.agency_folder),
                          ("period", update.period_name)):
        value = getattr(model, key)
        if value != expected:
            add_at(problems, "folder-mismatch", doc, (key,), key=key, value=value, expected=expected, variant=key)
    if plan is None:
        if update.plan_folder not in data.plans_with_errors:
            add_at(problems, "unknown-plan", doc, ("plan",), value=update.plan_folder,
                **_suggest(update.plan_folder, data.plans))
        return False
    _check_agency_ref(problems, doc, ("agency",), update.agency_folder, known)

    schedule = plan.schedule
    period = _check_period(plan, update, problems)
    for key in ("as_of", "submitted_on"):
        value = getattr(model, key)
        if value > today:
            add_at(problems, "date-in-future", doc, (key,), key=key, value=vi_date(value))
    if model.submitted_on < model.as_of:
        add_at(problems, "submitted-before-as-of", doc, ("submitted_on",), value=vi_date(model.submitted_on),
            as_of=vi_date(model.as_of))
    if period is not None:
        first, last = schedule.window(period)
        if not first <= model.as_of <= last:
            add_at(problems, "as-of-outside-window", doc, ("as_of",), value=vi_date(model.as_of),
                period=period_name(period), window_start=vi_date(first), window_end=vi_date(last))
    for i, revision in enumerate(model.revisions):
        if revision.date > today:
            add_at(problems, "date-in-future", doc, ("revisions", i, "date"), key="date", value=vi_date(revision.date))

    tasks = plan.tasks
    agency_id = update.agency_folder
    first_index: dict[str, int] = {}
    for i, entry in enumerate(model.entries):
        here = ("entries", i)
        if entry.task in first_index:
            first_line = doc.locate(("entries", first_index[entry.task], "task"))[0]
            add_at(problems, "duplicate-entry", doc, (*here, "task"), task=entry.task, first_line=first_line)
            continue
        first_index[entry.task] = i
        task = tasks.get(entry.task)
        if task is None:
            add_at(problems, "unknown-task", doc, (*here, "task"), plan=plan.values.id, task=entry.task,
                **_suggest(entry.task, tasks))
            continue
        if task.lead != agency_id and agency_id not in task.support:
            own = plan.assignments.get(agency_id, ())
            add_at(problems, "task-not-assigned", doc, (*here, "task"), agency=_agency_name(agencies, agency_id),
                task=entry.task, assigned=", ".join(f"`{t}`" for t in own), **({} if own else {"variant": "none"}))
            continue
        if task.assigned is not None and task.assigned > model.as_of:
            add_at(problems, "entry-before-assigned", doc, (*here, "task"), task=task.id,
                assigned=vi_date(task.assigned), as_of=vi_date(model.as_of))
            continue
        _check_entry(plan, update, here, entry, task, agencies, problems)
    return len(problems) == before


def _check_period(plan: PlanData, update: UpdateFile, problems: list[Problem]) -> Period | None:
    schedule, model = plan.schedule, update.values
    cycle = schedule.cycle
    first, last = schedule.periods[0], schedule.periods[-1]
    params = {"value": model.period, "example": CYCLE_EXAMPLES[cycle],
              "first": Text(vi=f"{first.label} (`{first.id}`)", en=f"`{first.id}`"),
              "last": Text(vi=f"{last.label} (`{last.id}`)", en=f"`{last.id}`")}
    period = parse_period(model.period, cycle)
    if period is None:
        other = parse_period(model.period)
        if other is not None:
            params.update(variant="cycle", cycle=CYCLES[cycle], other=CYCLES[other.cycle])
        else:
            params.update(variant="form")
        add_at(problems, "invalid-period", update.doc, ("period",), **params)
        return None
    if schedule.index(period) is None:
        add_at(problems, "invalid-period", update.doc, ("period",), variant="outside", **params)
        return None
    return period


def _check_entry(plan: PlanData, update: UpdateFile, here: tuple, entry: Entry, task: Task,
                 agencies: dict[str, Agency], problems: list[Problem]) -> None:
    doc = update.doc
    agency_id = update.agency_folder
    is_lead = task.lead == agency_id
    if not is_lead:
        if entry.status is not None or entry.progress is not None or entry.completed_on is not None:
            for key in LEAD_ONLY:
                if getattr(entry, key) is not None:
                    add_at(problems, "lead-only-field", doc, (*here, key), key=key,
                        lead=_agency_name(agencies, task.lead), agency=_agency_name(agencies, agency_id))
    else:
        _check_lead_fields(plan, update, here, entry, task, problems)
    if not entry.indicators:
        return
    indicators = plan.indicators[task.id]
    written = doc.data["entries"][here[1]]["indicators"]
    for indicator_id in entry.indicators:
        loc = (*here, "indicators", indicator_id)
        if "." in written[indicator_id]:
            _check_number_written(doc, loc, indicator_id, written[indicator_id], problems)
        indicator = indicators.get(indicator_id)
        if indicator is None:
            variant = _suggest(indicator_id, indicators) or ({} if indicators else {"variant": "none"})
            add_at(problems, "unknown-indicator", doc, loc, at_key=True, task=task.id, value=indicator_id,
                known=", ".join(f"`{i}`" for i in indicators), **variant)
        elif indicator.aggregate == "last" and not is_lead:
            add_at(problems, "indicator-lead-only", doc, loc, at_key=True, value=indicator_id)


def _check_lead_fields(plan: PlanData, update: UpdateFile, here: tuple, entry: Entry, task: Task,
                       problems: list[Problem]) -> None:
    doc, model = update.doc, update.values
    if entry.status is None:
        add_at(problems, "missing-status", doc, here, task=task.id)
        return
    if task.recurring:
        if entry.status == "completed":
            add_at(problems, "recurring-field", doc, (*here, "status"), task=task.id, variant="status")
        for key in ("progress", "completed_on"):
            if getattr(entry, key) is not None:
                add_at(problems, "recurring-field", doc, (*here, key), task=task.id, variant=key)
        return
    progress = entry.progress
    mismatch = {"value": str(progress), "status": entry.status}
    if entry.status == "completed":
        if entry.completed_on is None:
            add_at(problems, "completed-on-required", doc, (*here, "status"), task=task.id)
        else:
            start = plan.values.start
            if entry.completed_on > model.as_of:
                variant = "after-as-of"
            elif entry.completed_on < start:
                variant = "before-start"
            else:
                variant = None
            if variant:
                add_at(problems, "completed-on-out-of-range", doc, (*here, "completed_on"), variant=variant,
                    value=vi_date(entry.completed_on), start=vi_date(start), as_of=vi_date(model.as_of))
        if progress is not None and progress != 100:
            add_at(problems, "progress-mismatch", doc, (*here, "progress"), variant="completed", **mismatch)
        return
    if entry.completed_on is not None:
        add_at(problems, "completed-on-not-allowed", doc, (*here, "completed_on"))
    if entry.status == "in_progress":
        if progress is None:
            add_at(problems, "progress-required", doc, (*here, "status"), task=task.id)
        elif not 0 < progress < 100:
            variant = "in_progress-full" if progress == 100 else "in_progress-zero"
            add_at(problems, "progress-mismatch", doc, (*here, "progress"), variant=variant, **mismatch)
    elif progress not in (None, 0):
        add_at(problems, "progress-mismatch", doc, (*here, "progress"), variant="not_started", **mismatch)


# --- how a value was written ------------------------------------------------------------

# `4.120`: four thousand one hundred twenty in Vietnamese writing, 4.12 to YAML (a leading `0.` is never grouping)
_GROUPING_LOOKALIKE = re.compile(r"^[1-9][0-9]*\.[0-9]{3}$")


def _raw(doc: Document, loc: tuple) -> str | None:
    """The text written at `loc`, before any schema read it (the reader keeps every scalar as text)."""
    node = doc.data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node if isinstance(node, str) else None


def _check_number_written(doc: Document, loc: tuple, key: str, raw: str, problems: list[Problem]) -> None:
    if not _GROUPING_LOOKALIKE.fullmatch(raw):
        return
    short = raw.rstrip("0").rstrip(".")
    decimal = short if short != raw else raw + "0"
    add_at(problems, "ambiguous-number", doc, loc, key=key, value=raw, meant=raw.replace(".", ""), decimal=decimal,
        read=Text(vi=vi_number(float(raw)), en=short))


def _check_cut_texts(data: Dataset, problems: list[Problem]) -> None:
    """`text-after-hash`: a free text that an unquoted ` #` cut short (the reader found where)."""
    files: list[tuple[Document, str]] = [(plan.file.doc, "Plan") for plan in data.plans.values()]
    files += [(update.doc, "Update") for update in data.updates]
    if data.agencies_file is not None:
        files.append((data.agencies_file.doc, "AgenciesFile"))
    for doc, kind in files:
        for cut in doc.cut_texts:
            key = next((part for part in reversed(cut.loc) if isinstance(part, str)), None)
            if key not in PROSE_KEYS:  # `plan: kh-17-tu  # comment`: a comment after an id, nothing lost
                continue
            from generator.data import models  # which fields are free text exactly: told by the models alone

            if not models.is_prose(getattr(models, kind), cut.loc):
                continue
            dropped = cut.written[len(cut.kept):].lstrip()
            problems.append(Problem("text-after-hash", doc.path, cut.line, cut.column, {
                "key": key, "kept": cut.kept, "dropped": dropped, "quoted": _quoted(cut.written)}))


def _quoted(text: str) -> str:
    """The text in YAML quotes: double quotes unless it holds some (or a backslash)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"
