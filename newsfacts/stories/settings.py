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
