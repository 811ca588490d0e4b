"""Plotly figures as plain JSON-ready dicts (no plotly.py objects: they are slow to build).

Each function returns {"data": [...], "layout": {...}} for plotly.js; the
site's script draws it from the chart's `data-figure` attribute and adapts
colours to the light or dark palette. Labels and number formats are Vietnamese
(`separators: ",."` gives 1.234,5).
"""

from __future__ import annotations

from typing import Any

from generator.vocabulary import CATEGORY_LABELS

CATEGORY_COLOURS = {
    "completed_on_time": "#2e7d32",
    "completed_late": "#8bc34a",
    "overdue": "#d32f2f",
    "in_progress": "#1e88e5",
    "not_started": "#ffb300",
    "not_reported": "#9e9e9e",
}


def _layout(**extra: Any) -> dict[str, Any]:
    layout = {
        "separators": ",.",
        "margin": {"l": 48, "r": 16, "t": 16, "b": 48},
        "height": 320,
        "legend": {"orientation": "h", "y": -0.22},
        "hovermode": "x unified",
        "xaxis": {"type": "category", "automargin": True},
        "yaxis": {"automargin": True, "rangemode": "tozero"},
    }
    layout.update(extra)
    return layout


def status_mix(periods: list[str], counts: dict[str, list[int]]) -> dict[str, Any]:
    """Stacked bars: how many one-off tasks are in each category, period by period."""
    data = [
        {"type": "bar", "name": CATEGORY_LABELS[c], "x": periods, "y": counts[c],
         "marker": {"color": CATEGORY_COLOURS[c]}, "hovertemplate": "%{y:,d}"}
        for c in CATEGORY_COLOURS
    ]
    return {"data": data, "layout": _layout(barmode="stack", yaxis={"title": {"text": "Số nhiệm vụ"},
                                                                   "rangemode": "tozero", "automargin": True})}


def rate_lines(periods: list[str], series: dict[str, list[float | None]]) -> dict[str, Any]:
    """Percent lines over periods (completion, on time, overdue, progress)."""
    colours = ["#2e7d32", "#1e88e5", "#d32f2f", "#8e24aa"]
    data = [
        {"type": "scatter", "mode": "lines+markers", "name": name, "x": periods, "y": values,
         "line": {"color": colours[i % len(colours)]}, "connectgaps": False, "hovertemplate": "%{y:,.1f}%"}
        for i, (name, values) in enumerate(series.items())
    ]
    return {"data": data, "layout": _layout(yaxis={"range": [0, 100], "ticksuffix": "%", "automargin": True})}


def compliance_heatmap(periods: list[str], agencies: list[str], states: list[list[int]],
                       texts: list[list[str]]) -> dict[str, Any]:
    """Agencies × periods: 0 missing, 1 late, 2 on time."""
    height = max(220, 28 * len(agencies) + 90)
    data = [{
        "type": "heatmap", "x": periods, "y": agencies, "z": states, "text": texts, "zmin": 0, "zmax": 2,
        "colorscale": [[0, "#d32f2f"], [0.333, "#d32f2f"], [0.334, "#ffb300"], [0.666, "#ffb300"],
                       [0.667, "#2e7d32"], [1, "#2e7d32"]],
        "showscale": False, "xgap": 2, "ygap": 2, "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>",
    }]
    layout = _layout(height=height, hovermode="closest", margin={"l": 120, "r": 16, "t": 16, "b": 48})
    layout["yaxis"] = {"type": "category", "autorange": "reversed", "automargin": True}
    return {"data": data, "layout": layout}


def progress(periods: list[str], values: list[float | None], categories: list[str]) -> dict[str, Any]:
    """A task's progress period by period, each point coloured by its category."""
    data = [{
        "type": "scatter", "mode": "lines+markers", "name": "Tiến độ", "x": periods, "y": values,
        "text": [CATEGORY_LABELS.get(c, "") for c in categories],
        "marker": {"size": 10, "color": [CATEGORY_COLOURS.get(c, "#9e9e9e") for c in categories]},
        "line": {"color": "#90a4ae"}, "hovertemplate": "%{y:,.0f}% · %{text}<extra></extra>",
    }]
    return {"data": data, "layout": _layout(height=260, showlegend=False,
                                            yaxis={"range": [0, 105], "ticksuffix": "%", "automargin": True})}


def indicator(periods: list[str], reported: list[float | None], running: list[float | None], name: str,
              unit: str, target: float | None, aggregate: str) -> dict[str, Any]:
    """An indicator over time: values per period (bars) and the running figure (line) against the target."""
    suffix = f" {unit}" if unit else ""
    data: list[dict[str, Any]] = []
    if aggregate == "sum":
        data.append({"type": "bar", "name": "Trong kỳ", "x": periods, "y": reported,
                     "marker": {"color": "#90caf9"}, "hovertemplate": "%{y:,}" + suffix})
        data.append({"type": "scatter", "mode": "lines+markers", "name": "Lũy kế", "x": periods, "y": running,
                     "line": {"color": "#1e88e5"}, "hovertemplate": "%{y:,}" + suffix})
    else:
        data.append({"type": "scatter", "mode": "lines+markers", "name": name, "x": periods, "y": running,
                     "line": {"color": "#1e88e5"}, "hovertemplate": "%{y:,}" + suffix})
    if target is not None:
        data.append({"type": "scatter", "mode": "lines", "name": "Mục tiêu", "x": periods,
                     "y": [target] * len(periods), "line": {"color": "#d32f2f", "dash": "dash"},
                     "hovertemplate": "%{y:,}" + suffix})
    return {"data": data, "layout": _layout(height=280)}
