"""The report forms the site offers on each agency's page: its next report, as Excel and as YAML.

The period offered is the one after the agency's latest report (or, before its first report, the
period under way), once that period has begun. Both files come from the same prefilled draft as
`tiendo new-update` and `tiendo form`: the YAML is named `<period>.yaml`, ready to upload into the
agency's folder `data/updates/<plan>/<agency>/`; the Excel form is sent to the office or imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.data.load import Dataset, PlanData
from generator.data.periods import Period, Schedule
from generator.outputs.forms.writing import build_form
from generator.outputs.new_update import Draft, NewUpdateError, new_update_text, prefill

FORMS_DIR = "tai-ve/bieu-mau"


@dataclass(frozen=True)
class SiteForm:
    period: Period
    xlsx: str  # path inside the site
    yaml: str

    @property
    def files(self) -> tuple[str, str]:
        return self.xlsx, self.yaml


def current_period(schedule: Schedule, today: date) -> Period:
    """The period whose window holds today (the first before the plan starts, the last after it ends)."""
    for period in schedule.periods:
        if today <= schedule.window(period)[1]:
            return period
    return schedule.periods[-1]


def offered_period(data: Dataset, plan: PlanData, agency_id: str, today: date) -> Period | None:
    """The period of the agency's next report, or None when that period has not begun (or none is left)."""
    schedule = plan.schedule
    reported = plan.latest_reported([u for u in data.updates if u.agency_folder == agency_id])
    if reported is None:
        period = current_period(schedule, today)
    else:
        following = schedule.index(reported) + 1
        if following == len(schedule.periods):
            return None
        period = schedule.periods[following]
    return period if schedule.window(period)[0] <= today else None


def site_forms(data: Dataset, today: date) -> dict[tuple[str, str], tuple[SiteForm, Draft]]:
    """Every agency's next form: where the site serves it and its prefilled draft, by (plan id, agency id),
    for agencies that have one to fill. Nothing is written (`write_site_forms` does that)."""
    forms = {}
    for plan in data.plans.values():
        for agency_id in plan.assignments:
            period = offered_period(data, plan, agency_id, today)
            if period is None:
                continue
            try:
                draft = prefill(data, plan.plan.id, agency_id, period.id, today)
            except NewUpdateError:  # no task counted at that period yet
                continue
            folder = f"{FORMS_DIR}/{plan.plan.id}/{agency_id}"
            form = SiteForm(period, f"{folder}/bieu-mau-{agency_id}-{period.id}.xlsx", f"{folder}/{period.id}.yaml")
            forms[(plan.plan.id, agency_id)] = (form, draft)
    return forms


def write_site_forms(forms: Iterable[tuple[SiteForm, Draft]], today: date, into: Path) -> None:
    """Write each form's two files under `into`, at the paths the site serves them from."""
    for form, draft in forms:
        (into / form.xlsx).parent.mkdir(parents=True, exist_ok=True)
        (into / form.xlsx).write_bytes(build_form(draft, today))
        (into / form.yaml).write_text(new_update_text(draft), encoding="utf-8")
