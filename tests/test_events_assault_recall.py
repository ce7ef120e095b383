"""Attacks told with less common words or beside other events: damage to property,
bombs planted, a rising put down, an armed force destroyed, forceful -ing words
with their object, and the merging of one attack's words (invented sentences and
names)."""

from __future__ import annotations

import pytest

from tests.test_events_variants import events_of


def assaults(text: str) -> list[str]:
    return [r["trigger"] for r in events_of(text) if r["event_type"] == "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("He was wrongly convicted of planting the bombs in two pubs in Marlow.", "planting"),
        ("Separatists planted a bomb under a bridge near Oskby on Monday.", "planted"),
        ("Riot police were seen smashing windows of cars in Dorvale on Monday.", "smashing"),
        ("Youths smashed the windscreens of parked vehicles in Tarra overnight.", "smashed"),
        ("The army crushed the student-led protests in the capital in 1990.", "crushed"),
        ("Troops loyal to the junta crushed a mutiny at the barracks in Kessel.", "crushed"),
        ("The president ordered the destruction of the rebels' small air force.", "destruction"),
        ("Jets destroyed the militia's tanks near Vellmar, soldiers said.", "destroyed"),
    ],
)
def test_damage_by_force_is_an_assault(text: str, trigger: str) -> None:
    found = assaults(text)
    assert len(found) == 1 and found[0].startswith(trigger), found


@pytest.mark.parametrize(
    "text",
    [
        "The sprinter smashed the world record in Lorne on Saturday.",
        "Her new album smashed sales records in its first week.",
        "The champion crushed his opponent in straight sets.",
        "The storm destroyed homes and crops across the valley.",
        "Critics say the merger will destroy jobs in the region.",
        "Security forces used lethal force to crush protests, the report said.",
    ],
)
def test_damage_words_elsewhere_are_no_assault(text: str) -> None:
    assert assaults(text) == []


def test_a_forceful_ing_word_before_its_object_is_an_act() -> None:
    text = (
        "Video shows soldiers firing tear gas into crowds and beating demonstrators with "
        "batons in Harlan, after the killings of three students."
    )
    assert assaults(text) == ["tear gas", "beating", "killings"]
    text = "Police were filmed shooting protesters with live ammunition in Dorvale on Friday."
    assert assaults(text) == ["shooting"]


def test_a_fight_or_clash_is_the_scene_of_the_act_told_before_it() -> None:
    text = (
        "A man was stabbed to death on a crowded commuter train near the Varden Bay "
        "terminal during a fight, police said."
    )
    assert assaults(text) == ["stabbed"]
    text = "A soldier was shot in the leg during clashes with rebels near Torvik."
    assert assaults(text) == ["shot in the leg"]


def test_the_same_kind_of_attack_named_again_is_one_event() -> None:
    text = (
        "A film about the Harlan blasts of 1994 was delayed following protests by those on "
        "trial for the bombings, which killed 40 people."
    )
    assert assaults(text) == ["blasts"]
    text = (
        "Soldiers were accused of the shooting of a police chief and the shooting of four "
        "civilians in Ardenne in May 2003."
    )
    assert assaults(text) == ["shooting", "shooting"]


def test_more_than_in_a_toll_does_not_split_the_attack() -> None:
    text = "The blasts which killed more than 40 people and wounded 300 were never claimed."
    assert assaults(text) == ["blasts"]


def test_a_new_subject_with_its_own_act_is_another_event() -> None:
    text = (
        "Trouble began after six peacekeepers were killed and President Ola Maren ordered "
        "the destruction of the rebel air force."
    )
    assert assaults(text) == ["killed", "destruction"]
    text = "Gunmen killed Ali Varga and Tomas Brell in an ambush near Kessel on Monday."
    assert len(assaults(text)) == 1
