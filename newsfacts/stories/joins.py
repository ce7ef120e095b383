"""Stories being built: which units have joined, and whether two stories may join.

A unit joins a story only if it contradicts none of the story's units. A
story keeps what its units name taken together (places, parties, tolls,
weapons), so the questions clustering asks of whole stories cost no more
than the units that differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, TypeVar

from newsfacts.stories.evidence import contradicts, places_meet
from newsfacts.stories.places import Site
from newsfacts.stories.units import Unit

T = TypeVar("T")


class Conflicts:
    """``contradicts`` asked once per pair of conflict keys (see ``Unit.conflict_key``).

    A story checks each kind of unit it holds once (see ``Limits.checked``),
    and the mentions of a long document repeat the same few attributes, so
    most pairs of stories contradict each other like a pair already seen.
    """

    def __init__(self) -> None:
        self._ids: dict[tuple[Any, ...], int] = {}
        self._units: list[Unit] = []
        self._known: dict[tuple[int, int], bool] = {}

    def kind(self, unit: Unit) -> int:
        """The number of the unit's conflict key, the same for units that contradict alike."""
        kind = self._ids.setdefault(unit.conflict_key, len(self._units))
        if kind == len(self._units):
            self._units.append(unit)
        return kind

    def between(self, x: int, y: int) -> bool:
        """Whether units of the two kinds contradict each other."""
        pair = (x, y) if x <= y else (y, x)
        if pair not in self._known:
            self._known[pair] = contradicts(self._units[x], self._units[y])
        return self._known[pair]


@dataclass
class Story:
    """A set of joined units, with what they name taken together."""

    root: str
    members: list[Unit]
    checked: list[int]
    doc: str | None
    first: int
    specific: bool
    named: bool
    dated: bool
    places: AbstractSet[Site]
    actors: AbstractSet[str]
    targets: AbstractSet[str]
    families: AbstractSet[str]
    tolls: AbstractSet[int]

    @classmethod
    def of(cls, unit: Unit, kind: int) -> Story:
        return cls(
            root=unit.unit_id,
            members=[unit],
            checked=[kind],
            doc=unit.doc_id,
            first=unit.position,
            specific=bool(unit.dates or unit.places or unit.tolls),
            named=bool(unit.actors or unit.targets),
            dated=bool(unit.dates),
            places=unit.places,
            actors=unit.actors,
            targets=unit.targets,
            families=unit.families,
            tolls=unit.tolls,
        )

    @property
    def bare(self) -> bool:
        """Whether the story names nothing at all: no date, place, toll, actor or target.

        Only such a mention ("calling it an assassination") is read as the event
        its sentence just told; "recent attacks on our personnel" names a target
        and may well be other events (the ones a strike retaliated for).
        """
        return not self.specific and not self.named

    def absorb(self, other: Story) -> None:
        """Take in the units of ``other`` and what they name."""
        self.members.extend(other.members)
        self.doc = self.doc if self.doc == other.doc else None
        self.first = min(self.first, other.first)
        self.specific |= other.specific
        self.named |= other.named
        self.dated |= other.dated
        self.places = _union(self.places, other.places)
        self.actors = _union(self.actors, other.actors)
        self.targets = _union(self.targets, other.targets)
        self.families = _union(self.families, other.families)
        self.tolls = _union(self.tolls, other.tolls)


def _union(mine: AbstractSet[T], theirs: AbstractSet[T]) -> AbstractSet[T]:
    """``mine`` with ``theirs`` added: a unit's own sets are shared until a story grows."""
    if not theirs or theirs <= mine:
        return mine
    grown = mine if isinstance(mine, set) else set(mine)
    grown |= theirs
    return grown


def share_something(a: Story, b: Story) -> bool:
    """Whether two stories have any date, place, participant, weapon or toll in common.

    A thin mention of an article's only earlier event is that event only if
    something ties it to it; "recent attacks on our forces" shares nothing
    with the strike told before it and stays apart.
    """
    return bool(
        (a.dated and b.dated)
        or places_meet(a.places, b.places)
        or a.actors & b.actors
        or a.targets & b.targets
        or a.families & b.families
        or a.tolls & b.tolls
    )


class Joins:
    """The stories of a set of units while they join (a union-find over unit ids)."""

    def __init__(self, units: Iterable[Unit], checked: int) -> None:
        self._conflicts = Conflicts()
        self._checked = checked
        self._parent: dict[str, str] = {}
        self._stories: dict[str, Story] = {}
        for unit in units:
            self._parent[unit.unit_id] = unit.unit_id
            self._stories[unit.unit_id] = Story.of(unit, self._conflicts.kind(unit))

    def story(self, unit_id: str) -> Story:
        """The story a unit belongs to now."""
        return self._stories[self._root(unit_id)]

    def _root(self, unit_id: str) -> str:
        root = unit_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[unit_id] != root:
            self._parent[unit_id], unit_id = root, self._parent[unit_id]
        return root

    def compatible(self, a: Story, b: Story) -> bool:
        """Whether no unit of one contradicts a unit of the other (see ``Limits.checked``)."""
        between = self._conflicts.between
        for x in a.checked:
            for y in b.checked:
                if between(x, y):
                    return False
        return True

    def join(self, a: Story, b: Story) -> None:
        """Make one story of two: the larger takes in the smaller, ``a``'s units check first."""
        checked = a.checked
        if len(checked) < self._checked:
            seen = set(checked)
            checked = checked + [kind for kind in b.checked if kind not in seen]
        keep, gone = (a, b) if len(a.members) >= len(b.members) else (b, a)
        keep.absorb(gone)
        keep.checked = checked[: self._checked]
        self._parent[gone.root] = keep.root
        del self._stories[gone.root]

    def stories(self) -> list[list[Unit]]:
        """Every story's units."""
        return [story.members for story in self._stories.values()]
