"""``python -m newsfacts.story_benchmark``: story clustering time on generated events.

Nothing here is a test: the numbers depend on the machine. The events are
generated, not extracted, so that sizes far beyond any article (a 2 MB
file of short lines gives tens of thousands of mentions) take no extraction
time: a pool of real-world events (day, town, parties, weapon, toll), each
told by several mentions that drop some of its attributes, the way outlets
and the paragraphs of one long report do.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from newsfacts.schemas import frame
from newsfacts.stories import StoryIndex, cluster_story_events
from newsfacts.stories.documents import documents_of

# Mentions per generated real-world event, on average.
MENTIONS_PER_EVENT = 5
# How often a mention gives each attribute of its event: about as often as the
# event mentions of the seed articles do (date 16%, place 28%, actor 48%, target
# 39%, toll 10%, weapon 21%), dates and tolls more often, as in lists of attacks.
KEPT = {"date": 0.3, "place": 0.3, "actor": 0.5, "target": 0.4, "toll": 0.2, "mode": 0.2}
# The generated events happen in the year before this day.
PUBLISHED = date(2025, 6, 30)
_TYPES = ("ASSAULT",) * 7 + ("PROTEST",) * 2 + ("ACCUSE",)
_MODES = ("drone", "aerial", "firearms", "explosives", "heavy-weapons")
_PARTIES = (*(f"armed-group-{n}" for n in range(40)), "KE", "UG", "SO")
_TOWNS = 300


def _world_event(rng: random.Random) -> dict[str, Any]:
    """One real-world event: what every mention of it may say."""
    town = rng.randrange(_TOWNS)
    return {
        "event_type": rng.choice(_TYPES),
        "modality": "planned" if rng.random() < 0.05 else "asserted",
        "event_date": PUBLISHED - timedelta(days=rng.randrange(365)),
        "mode": rng.choice(_MODES),
        "actor": rng.choice(_PARTIES),
        "target": rng.choice(_PARTIES),
        "fatalities": rng.randrange(1, 40),
        "location_id": f"generated-town-{town}",
        "latitude": -4.0 + (town % 20) * 0.5,
        "longitude": 34.0 + (town // 20) * 0.5,
    }


def _mention(world: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A mention of a world event: each attribute kept with the odds ``KEPT`` gives."""
    kept = {attribute: rng.random() < odds for attribute, odds in KEPT.items()}
    row: dict[str, Any] = {
        "trigger": "attack",
        "event_type": world["event_type"],
        "modality": world["modality"],
        "event_date": world["event_date"] if kept["date"] else None,
        "date_precision": "day" if kept["date"] else "unknown",
        "mode": world["mode"] if kept["mode"] else None,
        "fatalities": world["fatalities"] if kept["toll"] else None,
    }
    for role in ("actor", "target"):
        party = world[role] if kept[role] else None
        row[f"{role}_id"] = row[f"{role}_name"] = party
    if kept["place"]:
        row.update(
            location_id=world["location_id"],
            location_name=world["location_id"],
            country_code="KE",
            latitude=world["latitude"],
            longitude=world["longitude"],
        )
    return row


def generated_events(
    n_events: int, n_docs: int = 1, seed: int = 0
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(events, articles) frames: ``n_events`` mentions spread over ``n_docs`` documents.

    Each document is published on ``PUBLISHED``; its mentions follow one
    another a sentence apart, and about one in six continues the event group
    of the mention before it (a headline and its paragraph).
    """
    rng = random.Random(seed)
    pool = [_world_event(rng) for _ in range(max(1, n_events // MENTIONS_PER_EVENT))]
    doc_ids = [f"{n:016x}" for n in range(n_docs)]
    rows = []
    told: dict[str, tuple[dict[str, Any], str]] = {}  # document -> its last event and group
    for n in range(n_events):
        doc_id, index = doc_ids[n % n_docs], n // n_docs
        if doc_id in told and rng.random() < 0.17:
            world, group = told[doc_id]
        else:
            world, group = rng.choice(pool), f"{doc_id}-g{index}"
        told[doc_id] = (world, group)
        row = _mention(world, rng)
        row.update(
            event_id=f"{doc_id}-e{index + 1}",
            doc_id=doc_id,
            sentence_idx=index,
            char_start=index * 60,
            char_end=index * 60 + len(row["trigger"]),
            event_group=group,
        )
        rows.append(row)
    return frame("events", rows), _articles(doc_ids)


def _articles(doc_ids: Sequence[str]) -> pl.DataFrame:
    return frame(
        "articles",
        [
            {
                "doc_id": doc_id,
                "source_path": f"{doc_id}.txt",
                "source_format": "text",
                "published_date": PUBLISHED,
                "published_date_basis": "metadata",
                "language": "en",
                "raw_chars": 1,
                "clean_chars": 1,
                "boilerplate_lines": 0,
                "clean_text": "x",
            }
            for doc_id in doc_ids
        ],
    )


def clustering_seconds(n_events: int) -> tuple[float, float]:
    """(processor, wall) seconds ``cluster_story_events`` takes on ``n_events`` mentions
    of one document; on a shared machine the processor time is the steadier."""
    events, articles = generated_events(n_events)
    cpu, wall = time.process_time(), time.perf_counter()
    cluster_story_events(events, articles)
    return time.process_time() - cpu, time.perf_counter() - wall


def update_seconds(n_docs: int, folder: Path) -> dict[str, float | int]:
    """Processor seconds of one update of a story index file holding ``n_docs`` generated
    documents of ten mentions each: a new document, the same document sent again, then
    removed; with the units the index holds and those each update clustered again."""
    events, articles = generated_events(10 * (n_docs + 1), n_docs + 1, seed=n_docs)
    documents = documents_of(events, articles)
    newest = max(documents)
    index = StoryIndex(folder / f"stories-{n_docs}.sqlite")
    held = {doc_id: doc for doc_id, doc in documents.items() if doc_id != newest}
    timings: dict[str, float | int] = {"units": index.apply(held, ()).reclustered}
    for name, changed, removed in (
        ("new document", {newest: documents[newest]}, ()),
        ("same document again", {newest: documents[newest]}, ()),
        ("document removed", {}, (newest,)),
    ):
        start = time.process_time()
        delta = index.apply(changed, removed)
        timings[name] = time.process_time() - start
        timings[f"{name}: units clustered again"] = delta.reclustered
    index.close()
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[2_000, 8_000, 50_000])
    parser.add_argument(
        "--index", nargs="*", type=int, default=[475, 4_750], help="documents in the index"
    )
    args = parser.parse_args(argv)
    clustering_seconds(10)  # load the gazetteer and reference data before timing
    for n_events in args.sizes:
        cpu, wall = clustering_seconds(n_events)
        print(f"{n_events:>7,} events of one document: {cpu:7.2f} s processor, {wall:7.2f} s wall")
        sys.stdout.flush()
    with tempfile.TemporaryDirectory() as folder:
        for n_docs in args.index:
            timings = update_seconds(n_docs, Path(folder))
            print(f"index of {n_docs:,} documents ({timings.pop('units'):,} units), processor:")
            for name, value in timings.items():
                print(
                    f"  {name}: {value:,.3f} s"
                    if isinstance(value, float)
                    else f"  {name}: {value:,}"
                )
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
