"""``python -m newsfacts.entities.apply_cost``: what one document costs the entity index.

Fills an ``EntityIndex`` file with generated documents, about 50,000 and then
500,000 mentions (the second the size of some 22,000 articles), and times
applying one more document's mentions and removing them again. The two times
should be close: an update costs what the document touches, not the corpus.
Nothing here is a test: numbers depend on the machine.

The generated corpus imitates news names: people from a few hundred given
names, with and without middle names, or by surname alone; organisations and
places; one name in ten also spelled another way; made-up pronounceable
words; name frequencies falling off like a power law; and as many distinct
names per mention in the small corpus as in the large one.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import defaultdict
from itertools import accumulate
from pathlib import Path

from newsfacts.entities.resolve import EntityIndex
from newsfacts.model import Mention

MENTIONS_PER_DOC = 25
NAMES_PER_DOC = 10
# Names to draw from per mention: with the power-law draw, about 60,000
# distinct names in 500,000 mentions, the target corpus of 22,000 articles.
NAMES_PER_MENTION = 0.18
# One name in this many also occurs spelled another way.
VARIANT_SHARE = 10
_CONSONANTS = "bdfghjklmnprstvz"
_VOWELS = "aeiou"
_ORG_NOUNS = ("Forces", "Council", "Movement", "Party", "Brigades", "Group", "Ministry", "Front")


def _word(rng: random.Random) -> str:
    """A made-up name word of three or four syllables.

    Shorter words would collide far more often than real names do (16
    consonants and 5 vowels make only 6,400 two-syllable words).
    """
    syllables = rng.choice((3, 4))
    return "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(syllables)).title()


def _variant(name: str, rng: random.Random) -> str:
    """Another spelling: one vowel changed (Mahmud/Mahmoud, Qasim/Qasem)."""
    vowels = [i for i, ch in enumerate(name) if ch in _VOWELS]
    i = rng.choice(vowels)
    return name[:i] + rng.choice(_VOWELS.replace(name[i], "")) + name[i + 1 :]


def _name(rng: random.Random, given: list[str]) -> tuple[str, str]:
    """A (name, type): a person, an organisation or a place."""
    kind = rng.random()
    if kind < 0.45:
        first, middle, surname = rng.choice(given), _word(rng), _word(rng)
        shapes = [[first, surname], [first, middle, surname], [surname]]
        return " ".join(rng.choices(shapes, weights=[70, 15, 15])[0]), "PERSON"
    if kind < 0.8:
        words = [_word(rng) for _ in range(rng.choice((1, 1, 2)))]
        return " ".join([*words, rng.choice(_ORG_NOUNS)]), "ORG"
    return rng.choice(("", "", "al-")) + _word(rng), "GPE"


def documents(n_mentions: int) -> list[list[Mention]]:
    """Generated documents with about ``n_mentions`` mentions in all (always the same ones)."""
    rng = random.Random(0)
    given = [_word(rng) for _ in range(300)]
    names = [_name(rng, given) for _ in range(int(n_mentions * NAMES_PER_MENTION))]
    for i in rng.sample(range(len(names)), len(names) // VARIANT_SHARE):
        names.append((_variant(names[i][0], rng), names[i][1]))
    rng.shuffle(names)
    weights = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(names))))
    return [
        _document(f"doc{n}", rng.choices(names, cum_weights=weights, k=NAMES_PER_DOC), rng)
        for n in range(n_mentions // MENTIONS_PER_DOC)
    ]


def _document(doc_id: str, names: list[tuple[str, str]], rng: random.Random) -> list[Mention]:
    mentions = []
    for i in range(MENTIONS_PER_DOC):
        key, entity_type = rng.choice(names)
        surface = key.split()[-1] if entity_type == "PERSON" and rng.random() < 0.3 else key
        mentions.append(
            Mention(doc_id, i, 100 * i, 100 * i + len(surface), surface, entity_type, key)
        )
    return mentions


def cost_of_one_document(n_mentions: int, probes: int) -> dict[str, float]:
    """Build an index of about ``n_mentions``; median cost of adding, then removing, one document.

    Costs are wall-clock and CPU milliseconds: on a shared machine the CPU
    time is the steadier of the two.
    """
    docs = documents(n_mentions + probes * MENTIONS_PER_DOC)
    docs, extra = docs[:-probes], docs[-probes:]
    with tempfile.TemporaryDirectory() as tmp, EntityIndex(Path(tmp) / "entities.sqlite") as index:
        start = time.perf_counter()
        index.apply((m for doc in docs for m in doc), [])
        build = time.perf_counter() - start
        costs: dict[str, list[float]] = defaultdict(list)
        for doc in extra:
            for step, added, removed in (("apply", doc, []), ("remove", [], doc)):
                wall, cpu = time.perf_counter(), time.process_time()
                index.apply(added, removed)
                costs[f"{step} one doc ms"].append(1000 * (time.perf_counter() - wall))
                costs[f"{step} one doc CPU ms"].append(1000 * (time.process_time() - cpu))
        names = len(index.mapping())
    medians = {label: statistics.median(values) for label, values in costs.items()}
    return {
        "mentions": len(docs) * MENTIONS_PER_DOC,
        "name keys": names,
        "build s": build,
    } | medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 500_000])
    parser.add_argument("--probes", type=int, default=50)
    args = parser.parse_args()
    for size in args.sizes:
        result = cost_of_one_document(size, args.probes)
        print(
            "  ".join(
                f"{k}: {v:,.1f}" if isinstance(v, float) else f"{k}: {v:,}"
                for k, v in result.items()
            )
        )


if __name__ == "__main__":
    main()
