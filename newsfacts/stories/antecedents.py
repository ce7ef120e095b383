"""Antecedents: a thin mention read as the one earlier event of its article it can mean.

A mention too thin to match other reports ("the strike which killed X")
is read as a reader would: when exactly one particular event of the same
kind (dated, placed or with a toll) told earlier in the same article is
compatible with it, it is that event. Only the units of the same kind told
just before it are candidates (see ``Limits.window``); those it contradicts
never are, so the links kept are those that may matter.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence

from newsfacts.stories.evidence import contradicts
from newsfacts.stories.joins import Joins, Story, share_something
from newsfacts.stories.settings import settings
from newsfacts.stories.units import Unit

# (earlier unit id, later unit id) of one document.
Link = tuple[str, str]


def antecedent_links(units: Iterable[Unit], window: int) -> set[Link]:
    """The earlier units of one document each unit may refer back to.

    For every unit that is no thing said: the ``window`` units of the same
    kind (event type and modality) told before it, less those it contradicts.
    """
    said = settings().said_types
    by_kind: dict[tuple[str, str], list[Unit]] = defaultdict(list)
    for unit in sorted(units, key=lambda unit: unit.key):
        if unit.event_type not in said:
            by_kind[(unit.event_type, unit.modality)].append(unit)
    links: set[Link] = set()
    for same_kind in by_kind.values():
        positions = [unit.position for unit in same_kind]
        for unit in same_kind:
            before = bisect.bisect_left(positions, unit.position)
            links.update(
                (other.unit_id, unit.unit_id)
                for other in same_kind[max(0, before - window) : before]
                if not contradicts(other, unit)
            )
    return links


def sole_antecedent(joins: Joins, unit: Unit, earlier: Sequence[Unit]) -> Story | None:
    """The one earlier story of its article a story told by that article alone can refer to.

    ``earlier``: the units ``unit`` is linked to (see ``antecedent_links``),
    in their canonical order. A mention that names nothing at all (see
    ``Story.bare``) refers to the event its own sentence told just before
    ("condemned the strike, calling it an assassination"). Things said are
    left alone: an article reports many statements of one kind.
    """
    story = joins.story(unit.unit_id)
    if unit.event_type in settings().said_types:
        return None
    if story.doc != unit.doc_id or story.first != unit.position:
        return None
    fitting = [
        other
        for other in earlier
        if (candidate := joins.story(other.unit_id)).specific and joins.compatible(candidate, story)
    ]
    in_sentence = [other for other in fitting if other.sentences & unit.sentences]
    if in_sentence and story.bare:
        latest = max(in_sentence, key=lambda other: other.position)
        return joins.story(latest.unit_id)
    admitting = {joins.story(other.unit_id).root for other in fitting}
    if len(admitting) != 1:
        return None
    antecedent = joins.story(admitting.pop())
    return antecedent if share_something(antecedent, story) else None
