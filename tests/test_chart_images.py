"""Chart images drawn in the background: named before drawn, saved whole, failures told."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfacts import chart_images
from tests.pixels import SIGNATURE, png_size


def _bar_spec(label: str) -> str:
    return json.dumps(
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "data": {"values": [{"label": label, "n": 3}, {"label": "other", "n": 5}]},
            "mark": "bar",
            "encoding": {
                "x": {"field": "label", "type": "nominal"},
                "y": {"field": "n", "type": "quantitative"},
            },
            "width": 120,
            "height": 80,
        },
        sort_keys=True,
    )


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSFACTS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_drawing_is_named_by_its_spec_and_saved_whole(tmp_path: Path) -> None:
    first, again, other = (chart_images.draw(_bar_spec(s)) for s in ("Lagos", "Lagos", "Quito"))
    assert first.name == again.name != other.name
    target = tmp_path / "out" / "chart.png"
    saved = first.save(target)
    assert chart_images.wait_for_drawings() == []
    assert saved.result() == target
    image = target.read_bytes()
    assert image.startswith(SIGNATURE) and png_size(image)[0] > 100
    assert image == first.png()
    assert [p.name for p in target.parent.iterdir()] == ["chart.png"]  # no temporary file left


def test_a_chart_that_cannot_be_drawn_is_reported_and_leaves_no_file(tmp_path: Path) -> None:
    broken = chart_images.draw('{"mark": "no-such-mark", "data": {"values": []}}')
    fine = chart_images.draw(_bar_spec("Accra"))
    broken.save(tmp_path / "broken.png")
    fine.save(tmp_path / "fine.png")
    failed = chart_images.wait_for_drawings()
    assert len(failed) == 1 and failed[0].startswith("broken.png: ")
    assert not (tmp_path / "broken.png").exists() and (tmp_path / "fine.png").is_file()
    with pytest.raises(ValueError, match="conversion failed"):
        broken.png()


def test_a_drawn_spec_comes_from_the_cache(private_cache: Path) -> None:
    spec = _bar_spec("Dakar")
    name = chart_images.draw(spec).name
    chart_images.wait_for_drawings()
    kept = private_cache / "charts" / f"{name}.png"
    kept.write_bytes(SIGNATURE + b"kept")
    drawing = chart_images.draw(spec)
    assert drawing.image.done() and drawing.png() == SIGNATURE + b"kept"
