"""Shared fixtures: the bundled seeds, the public corpora, temp warehouses."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from newsfacts.paths import Paths

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"
GOLD = ROOT / "tests" / "gold"
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"

# Property tests run a short pass by default; ``make fuzz`` selects the long one
# (HYPOTHESIS_PROFILE=fuzz), which tries many more inputs per test.
settings.register_profile("fuzz", max_examples=5_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled seeds."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def temp_paths(seeds_copy: Path, tmp_path: Path) -> Paths:
    return Paths.of(seeds_copy, tmp_path / "warehouse")
