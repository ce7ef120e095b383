"""A build's queries run on Polars' in-memory engine, and only while the build is open."""

from __future__ import annotations

import os

import pytest

from newsfacts.paths import Paths
from newsfacts.query_engine import AFFINITY_VARIABLE, BUILD_ENGINE, build_engine
from newsfacts.stages.build import Build


def _engine() -> str | None:
    return os.environ.get(AFFINITY_VARIABLE)


def test_a_build_runs_on_the_in_memory_engine_and_restores_the_default(
    temp_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(AFFINITY_VARIABLE, raising=False)
    with Build(temp_paths) as build:
        assert _engine() == BUILD_ENGINE == "in-memory"
        assert build.scan_staged("articles").collect().height == 0
    assert _engine() is None


def test_the_engine_is_restored_when_the_build_fails(
    temp_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(AFFINITY_VARIABLE, raising=False)
    with pytest.raises(RuntimeError, match="stopped"), Build(temp_paths):
        raise RuntimeError("stopped")
    assert _engine() is None


def test_an_engine_the_environment_names_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(AFFINITY_VARIABLE, "streaming")
    with build_engine():
        assert _engine() == "streaming"
    assert _engine() == "streaming"
