"""The user-tunable part of story clustering, read from ``stories/clustering.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from newsfacts.reference import load_yaml


@dataclass(frozen=True)
class ClusterSettings:
    """The user-tunable part of story clustering (see clustering.yaml)."""

    day_tolerance: timedelta
    week_radius: timedelta
    undated_horizon: timedelta
    distinctive_toll: int
    toll_ratio: float
    said_types: frozenset[str]
    min_evidence: int
    weights: Mapping[str, int]
    mode_family: Mapping[str, str]
    purpose_modes: frozenset[str]
    region_radius_km: float
    same_place_km: float
    nearby_km: float


@cache
def settings() -> ClusterSettings:
    data = load_yaml("stories/clustering.yaml")
    return ClusterSettings(
        day_tolerance=timedelta(days=int(data["day_tolerance_days"])),
        week_radius=timedelta(days=int(data["week_radius_days"])),
        undated_horizon=timedelta(days=int(data["undated_horizon_days"])),
        distinctive_toll=int(data["distinctive_toll"]),
        toll_ratio=float(data["toll_ratio"]),
        said_types=frozenset(data["said_types"]),
        min_evidence=int(data["min_evidence"]),
        weights={name: int(weight) for name, weight in data["evidence"].items()},
        mode_family={mode: line[0] for line in data["mode_families"] for mode in line},
        purpose_modes=frozenset(data["purpose_modes"]),
        region_radius_km=float(data["region_radius_km"]),
        same_place_km=float(data["same_place_km"]),
        nearby_km=float(data["nearby_km"]),
    )


@dataclass(frozen=True)
class Limits:
    """Caps that bound the work of clustering per unit, whatever a document or block holds.

    Below them clustering compares everything it did before; they only bind
    where the work would grow with the square of a block or a document (a
    2 MB file of short lines gives tens of thousands of mentions of one
    document, sharing a handful of days and places).

    ``block_all``: a block (the units sharing a day, a place, a target ...)
    of at most this many units compares every pair of them. 12: the largest
    blocks of the seeds (9 units), the held-out articles (10) and 2,225 BBC
    texts (11) are compared pair by pair.

    ``neighbours``: in a larger block, a unit is compared with this many
    units before and after it in the block's order (time, then document and
    position in the text, see ``blocking.block_order``), where the units that
    may be one event lie.

    ``window``: a mention too thin to match other reports is read as an
    earlier event of its article (see ``antecedents``) among at most this
    many units of the same kind told just before it. 12: as many as the
    articles of the seeds (11) and the BBC texts (12) hold of one kind.

    ``checked``: a unit joins a story only if it contradicts none of the
    story's units; units that contradict the same units alike are checked
    once, and a story checks at most this many such kinds of unit: its first
    ones, which joined on the strongest evidence. 32: three times the largest
    story of the seeds.
    """

    block_all: int = 12
    neighbours: int = 4
    window: int = 12
    checked: int = 32
