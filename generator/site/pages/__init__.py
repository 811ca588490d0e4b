"""What each page of the site shows: one module per family of pages, each page kind's template inputs a
documented dataclass listing exactly what its template reads (tests/test_site.py checks the templates
against them). Where pages live and which template each uses is the site map (`generator.site.sitemap`).

`plan_pages` and `common_pages` turn a valid data set and its statistics into `Page`s; nothing here
writes files or knows about HTML, `render` does that.
"""

from __future__ import annotations

from generator.site.pages.agencies import agency_pages
from generator.site.pages.dashboard import dashboard
from generator.site.pages.indicators import indicator_series, indicators_page
from generator.site.pages.obstacles import obstacles_page
from generator.site.pages.parts import Page
from generator.site.pages.periods import period_pages
from generator.site.pages.site import TemplatePage, common_pages, example_update
from generator.site.pages.tasks import task_pages
from generator.site.views import PlanView

__all__ = ["Page", "TemplatePage", "common_pages", "example_update", "plan_pages"]


def plan_pages(view: PlanView, single_plan: bool) -> list[Page]:
    series = indicator_series(view)
    return [
        dashboard(view, single_plan),
        *task_pages(view, series),
        *agency_pages(view),
        *period_pages(view),
        indicators_page(view, series),
        obstacles_page(view),
    ]
