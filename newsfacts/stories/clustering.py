"""Clustering: joining units into stories, strongest evidence first.

A unit joins a story only if it is compatible with every unit already in
it, so a vague mention cannot chain two distinct strikes together; then a
mention too thin to match other reports may still refer to the one event
its own article told before it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from newsfacts.stories.blocking import candidate_pairs
from newsfacts.stories.evidence import evidence, place_evidence
from newsfacts.stories.settings import settings
from newsfacts.stories.units import Unit, mode_families


def _compatible(units: list[Unit], a: list[int], b: list[int]) -> bool:
    return all(evidence(units[i], units[j]) is not None for i in a for j in b)


def cluster_units(units: list[Unit]) -> list[list[Unit]]:
    """Join units into stories, strongest evidence first, keeping every story consistent."""
    story_of = list(range(len(units)))
    members: dict[int, list[int]] = {index: [index] for index in range(len(units))}

    def join(a: int, b: int) -> None:
        for index in members[b]:
            story_of[index] = a
        members[a].extend(members.pop(b))

    for _, i, j in candidate_pairs(units):
        a, b = story_of[i], story_of[j]
        if a != b and _compatible(units, members[a], members[b]):
            join(a, b)
    by_document: dict[str, list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        by_document[unit.doc_id].append(index)
    for index, unit in enumerate(units):
        antecedent = _sole_antecedent(units, index, by_document[unit.doc_id], story_of, members)
        if antecedent is not None:
            join(antecedent, story_of[index])
    return [[units[index] for index in group] for group in members.values()]


def _sole_antecedent(
    units: list[Unit],
    index: int,
    same_document: list[int],
    story_of: list[int],
    members: Mapping[int, list[int]],
) -> int | None:
    """The one earlier story of its article a story told by that article alone can refer to.

    A mention too thin to match other reports ("the strike which killed X")
    is read as a reader would: when exactly one particular event of the same
    kind (dated, placed or with a toll) told earlier in the same article is
    compatible with it, it is that event. A mention that names nothing at all
    (see ``_bare``) refers to the event its own sentence told just before
    ("condemned the strike, calling it an assassination").
    Things said are left alone: an article reports many statements of one kind.
    """
    unit, story = units[index], story_of[index]
    if unit.event_type in settings().said_types:
        return None
    if any(units[other].doc_id != unit.doc_id for other in members[story]):
        return None
    if min(units[other].position for other in members[story]) != unit.position:
        return None
    earlier = [
        other
        for other in same_document
        if units[other].position < unit.position
        and units[other].event_type == unit.event_type
        and units[other].modality == unit.modality
        and _specific(units, members[story_of[other]])
        and _compatible(units, members[story_of[other]], members[story])
    ]
    in_sentence = [other for other in earlier if units[other].sentences & unit.sentences]
    if in_sentence and _bare(units, members[story]):
        return story_of[max(in_sentence, key=lambda other: units[other].position)]
    admitting = {story_of[other] for other in earlier}
    if len(admitting) != 1:
        return None
    (antecedent,) = admitting
    return antecedent if _share_something(units, members[antecedent], members[story]) else None


def _specific(units: list[Unit], story: list[int]) -> bool:
    """Whether a story is a particular event (dated, placed or with a toll), not a trend."""
    return any(units[i].dates or units[i].places or units[i].tolls for i in story)


def _bare(units: list[Unit], story: list[int]) -> bool:
    """Whether a story names nothing at all: no date, place, toll, actor or target.

    Only such a mention ("calling it an assassination") is read as the event
    its sentence just told; "recent attacks on our personnel" names a target
    and may well be other events (the ones a strike retaliated for).
    """
    return not _specific(units, story) and not any(
        units[i].actors or units[i].targets for i in story
    )


def _share_something(units: list[Unit], a: list[int], b: list[int]) -> bool:
    """Whether two stories have any date, place, participant, weapon or toll in common.

    A thin mention of an article's only earlier event is that event only if
    something ties it to it; "recent attacks on our forces" shares nothing
    with the strike told before it and stays apart.
    """
    return any(
        (units[i].dates and units[j].dates)
        or place_evidence(units[i], units[j])
        or units[i].actors & units[j].actors
        or units[i].targets & units[j].targets
        or mode_families(units[i].modes) & mode_families(units[j].modes)
        or units[i].tolls & units[j].tolls
        for i in a
        for j in b
    )
