"""What is an assault and what only borrows its words: crime vocabulary, deaths
without an attacker, disasters, fiction and games, computing, success and
criticism (invented sentences and names)."""

from __future__ import annotations

import pytest

from tests.test_events_variants import events_of


def assaults(text: str) -> list[str]:
    return [r["trigger"] for r in events_of(text) if r["event_type"] == "ASSAULT"]


@pytest.mark.parametrize(
    "text",
    [
        "A commuter was stabbed to death on a train near Varden on Tuesday, police said.",
        "The farmer was beaten to death by a mob in the village of Oskby last week.",
        "Two women were raped during the raid on the camp, a rights group said.",
        "A teenager was shot in the leg outside a bar in Lorne on Saturday night.",
        "Police said both brothers have been shot in separate incidents this year.",
        "The striker was the victim of an unprovoked assault outside a nightclub.",
        "Nationalists carried out arson attacks on holiday cottages for a decade.",
        "Survivors of the genocide gathered in the capital to remember the dead.",
        "A knife attack at a market in Dorran left three people wounded.",
    ],
)
def test_crime_and_mass_violence_are_assaults(text: str) -> None:
    assert len(assaults(text)) == 1, assaults(text)


@pytest.mark.parametrize(
    "text",
    [
        "The singer killed himself in a hotel room in 1998, the coroner found.",
        "He died while serving his sentence at a prison in the north.",
        "The veteran actor died in his sleep on Wednesday at his home.",
        "Free downloading has killed opportunities for new bands, one musician said.",
        "The band's 1980s hit Paper Lanterns was sampled on the new album.",
        "Their hit Glasshouse went straight to number one in the charts.",
        "The film depicts a fictional chemical attack on a busy railway station.",
        "Viewers complained that the performance was lewd and offensive.",
        "The region was hit by further riots over fuel prices on Monday.",
        "The new devices are targeted towards older customers, the firm said.",
        "You want to pick your battles with the board, she told the meeting.",
        "The carrier was hit in 2004 by fierce competition after the war in the region.",
        "The coach was slaughtered for his defensive tactics in the early games.",
        "The bull that killed the matador Ramon Ibarra in 1951 was bred near Toledo.",
        "A diver was killed by a shark off the coast of Perth on Sunday, police said.",
        "The veteran of the civil war returns home to face a new battle for survival.",
        "The drama, screened last September, depicts a dirty bomb attack on Harlan.",
        "The novel imagines a military coup in a small island republic.",
        "She and eight others were killed on the plane, which crashed soon after take-off.",
    ],
)
def test_words_borrowed_from_violence_tell_no_assault(text: str) -> None:
    assert assaults(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The town was hit on Monday by rockets fired from across the border.",
        "Militiamen slaughtered 40 villagers near Dorran, soldiers said.",
        "The exhibition portrays the 1994 genocide in Kivara, survivors said.",
        "A poacher was killed by rangers in the reserve on Friday.",
        "Two soldiers were killed in the ambush, which militants carried out near Dorran.",
    ],
)
def test_the_same_words_with_a_human_agent_or_a_known_event_are_assaults(text: str) -> None:
    assert len(assaults(text)) == 1, assaults(text)


def test_a_participle_describing_a_victim_tells_no_new_act() -> None:
    text = "The art collection of murdered fashion designer Leo Varga will be sold in May."
    assert assaults(text) == []


def test_a_disaster_toll_is_no_assault() -> None:
    text = (
        "The tsunami struck the coast on Sunday. Relief agencies said the earthquake and the "
        "waves had destroyed whole towns. More than 5,000 people were killed in the province, "
        "officials said, and the storm season threatens further floods."
    )
    assert assaults(text) == []


def test_an_attack_in_an_article_about_a_disaster_is_still_an_assault() -> None:
    text = (
        "Relief convoys reached the flooded towns after the storm. Gunmen ambushed a relief "
        "convoy near Tarra on Monday, killing two drivers, officials said."
    )
    assert assaults(text) == ["ambushed"]


def test_attacks_in_an_article_about_computers_are_no_assaults() -> None:
    text = (
        "Hackers are using new software to break into company networks, a security firm said. "
        "The virus spreads by email and hides on the server. Firms should share information "
        "about attacks to combat attacks on their websites."
    )
    assert assaults(text) == []


def test_a_game_review_tells_no_assault_but_a_dated_real_attack_is_one() -> None:
    review = (
        "The new console game puts you in the boots of a soldier. The sequel's graphics are "
        "sharp and the multiplayer mode is fun. You come under attack as soon as you land, "
        "and shooting enemies from a distance is tricky. Players must battle zombies and "
        "giant crabs on every level."
    )
    assert assaults(review) == []
    film = (
        "The film, a drama about the Harlan bombings, premiered in cinemas on Friday. The "
        "movie's plot follows a detective. The blasts which killed 40 people in Harlan in "
        "1999 were never claimed."
    )
    assert assaults(film) == ["bombings", "blasts"]  # a film about real bombings names them


def test_a_passive_toll_after_an_attack_is_that_attack() -> None:
    text = "A car bomb exploded outside the stadium in Orvo and 17 people were slightly injured."
    assert assaults(text) == ["car bomb"]
    text = "The stabbing on the train in Ellis left one man dead, while another was injured."
    assert assaults(text) == ["stabbing"]


def test_an_active_killing_after_another_attack_is_its_own_event() -> None:
    text = "The strike came a week after the militia killed a senior commander in Dovra."
    assert assaults(text) == ["strike", "killed"]


def test_workers_striking_take_industrial_action() -> None:
    violent = " Rebels killed two soldiers near Kessel on the same day."
    assert assaults("The writers' guild was striking at the time." + violent) == ["killed"]
    assert assaults("Dockers struck over pay in the spring of 1989." + violent) == ["killed"]
    text = "Gunmen struck workers at a checkpoint near Dorran, killing two."
    assert assaults(text) == ["struck"]
    text = "Militia fighters struck the convoy near Dorran, soldiers said."
    assert assaults(text) == ["struck"]


# An article about a war film: its violence words make attack words count.
WAR_FILM = "The war film follows soldiers who fight gunmen with knives and guns. "


@pytest.mark.parametrize(
    "text",
    [
        "The actor was hurt on set when squibs were detonated too close to him.",
        "Crew members said the explosions, part of a special effect, were fired early.",
        "The explosions, known as squibs, simulate bullets striking the ground.",
        "The pyrotechnics meant to simulate gunfire went off in the wrong order.",
        "A stuntman was struck on the head during filming in Orvo last May.",
    ],
)
def test_stage_and_screen_effects_tell_no_assault(text: str) -> None:
    assert assaults(WAR_FILM + text) == []


def test_a_real_attack_beside_effects_words_in_another_sentence_is_an_assault() -> None:
    text = (
        "The studio's special effects team used squibs for the battle scenes. "
        "A crew driver was stabbed outside the studio in Orvo on Friday, police said."
    )
    assert assaults(text) == ["stabbed"]


def test_a_fantasy_plot_tells_no_assault() -> None:
    text = (
        "A fantasy novel for children has been bought by a film studio. The book tells "
        "of a young hunter in an ancient forest. After his mother is killed he sets out "
        "with a talking fox to defeat a dark spirit."
    )
    assert assaults(text) == []


def test_hunting_animals_tells_no_assault() -> None:
    text = (
        "A ranch in Varden will let hunters shoot deer and wild boar over the internet. "
        'Wildlife groups said the animals could suffer. "Animals hit but not killed would '
        'be left to suffer," a statement said. Those shooting for sport want a clean kill, '
        "the campaigners said, and hunting laws do not cover the scheme."
    )
    assert assaults(text) == []


def test_a_person_shot_on_a_hunt_is_an_assault() -> None:
    text = (
        "Hunters gathered at the ranch in Varden to shoot deer and wild boar. Wildlife "
        "groups criticised the hunting season. Mark Ellery was shot in the face by a guest "
        "at the ranch on Saturday, police said."
    )
    assert assaults(text) == ["shot in the face"]


def test_rangers_shot_by_poachers_in_an_article_about_wildlife_is_an_assault() -> None:
    text = (
        "The reserve's deer, antelope and wild boar draw hunters and wildlife tours. "
        "Two rangers were shot dead by poachers near Kessel on Friday, officials said."
    )
    assert assaults(text) == ["shot dead"]


def test_a_plot_with_its_cast_tells_no_assault_even_with_a_place() -> None:
    review = (
        "The new console game has sharp graphics and a long plot. The hero is framed for "
        "murder the moment he arrives in Chicago, and blackmailed by crooked detectives "
        "played by Tom Ardle and Rita Vance."
    )
    assert assaults(review) == []


def test_an_actor_attacked_in_real_life_is_an_assault() -> None:
    text = (
        "The actor, who played a detective on television, was stabbed outside a bar in "
        "Orvo on Friday, police said."
    )
    assert assaults(text) == ["stabbed"]


def test_an_attack_inside_a_work_tells_no_assault() -> None:
    text = (
        "The Louvre Museum, scene of the gruesome murder at the beginning of the novel, "
        "will let the crew film there, the studio said."
    )
    assert assaults(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The murder of the film director in Amsterdam in 2004 shocked the country.",
        "The killing of the novel's author outside his home in Paris was never solved.",
    ],
)
def test_a_real_attack_on_a_person_of_a_work_is_an_assault(text: str) -> None:
    assert len(assaults(text)) == 1, assaults(text)
