"""Where an attack happened: towns of the large gazetteer, places kept as written,
ACLED geo precision, and the place shared by the mentions of one attack
(invented sentences; towns are real gazetteer entries or invented villages)."""

from __future__ import annotations

from datetime import date

import pytest

from newsfacts.events.places import CAMPAIGN
from tests.test_events_variants import events_of


def attacks(text: str) -> list[dict[str, object]]:
    return [r for r in events_of(text) if r["event_type"] == "ASSAULT"]


def place_of(text: str) -> tuple[object, object, object]:
    row = attacks(text)[0]
    return row["location_key"], row["geo_precision"], row["country_code"]


@pytest.mark.parametrize(
    ("text", "place", "country"),
    [
        ("Gunmen attacked the market in Jibia on Tuesday, police said.", "Jibia", "NG"),
        ("Jihadists attacked an army post in Tal Abyad overnight.", "Tal Abyad", "SY"),
        ("A drone strike hit a convoy in Rawah on Sunday, officials said.", "Rawah", "IQ"),
    ],
)
def test_small_towns_of_the_large_gazetteer_are_precise_places(
    text: str, place: str, country: str
) -> None:
    key, precision, code = place_of(text)
    assert (precision, code) == (1, country) and key is not None and place in str(key)


def test_an_unknown_village_is_kept_as_written() -> None:
    key, precision, _ = place_of(
        "Gunmen stormed the village of Kafr Dumra in Katsina state on Monday, killing nine."
    )
    assert (key, precision) == ("Kafr Dumra", 1)


def test_precision_near_a_town_in_a_province_and_in_a_country() -> None:
    assert place_of("Soldiers were ambushed near Jibia on Friday.")[1] == 2
    assert place_of("Militants attacked a checkpoint in Katsina state on Friday.")[1] == 3
    assert place_of("A suicide bomber struck a checkpoint in Nigeria on Friday.")[1] == 3


def test_the_mentions_of_one_attack_share_its_most_specific_place() -> None:
    text = (
        "Man stabbed to death on commuter train\n\n"
        "A man was stabbed to death on a commuter train on Tuesday. "
        "The fight broke out as the train pulled into a station in Hayward, police said. "
        "The stabbing left passengers shaken, a witness said."
    )
    places = {r["location_key"] for r in attacks(text)}
    assert places == {"Hayward"}


def test_an_article_about_attacks_in_several_countries_shares_nothing() -> None:
    text = (
        "A drone strike killed two fighters in Rawah on Monday. "
        "Separately, militants attacked a base in Jordan on Sunday. "
        "A soldier was wounded in a shooting on Friday, the army said."
    )
    assert attacks(text)[-1]["location_key"] is None


def test_a_campaign_keeps_its_own_place() -> None:
    text = (
        "Gunmen shot dead three farmers in Jibia on Tuesday. "
        "Air strikes have killed more than 1,600 civilians since the coup, the UN said."
    )
    rows = attacks(text)
    assert rows[0]["location_key"] == "Jibia"
    assert all(r["location_key"] is None for r in rows[1:])


def test_the_mentions_of_one_attack_share_its_day() -> None:
    text = (
        "Gunmen stormed the village of Kafr Dumra on Tuesday, killing nine people.\n\n"
        "The attack lasted two hours. Residents said the stabbing of the imam came first."
    )
    rows = attacks(text)
    assert {r["event_date"] for r in rows} == {date(2025, 3, 11)}  # Tuesday before publication
    assert {r["date_precision"] for r in rows} == {"day"}


def test_a_year_gives_way_to_the_day_of_the_same_attack() -> None:
    text = (
        "A film about the Harlan blasts in 1993 was postponed. The explosions rocked "
        "Harlan on 12 March 1993, killing 40 people."
    )
    assert {r["event_date"] for r in attacks(text)} == {date(1993, 3, 12)}


def test_attacks_on_several_days_or_places_keep_their_own_dates() -> None:
    text = (
        "A drone strike killed two fighters in Rawah on Monday. "
        "Militants attacked a base in Jordan on Sunday. "
        "Separately, police raided a flat in Oslo."
    )
    rows = attacks(text)
    assert [r["event_date"] for r in rows] == [date(2025, 3, 10), date(2025, 3, 9), None]


def test_a_town_written_before_an_attack_noun_is_its_place() -> None:
    text = (
        "Gunmen killed two guards on Monday. Police reopened the inquiry into the Mosul bombings."
    )
    assert attacks(text)[-1]["location_key"] == "Mosul"
    # A country there is a party, not the place.
    assert place_of("Officials condemned the Jordan air strikes this week.")[0] is None


def test_a_hospital_is_where_victims_went_not_where_they_were_hit() -> None:
    text = "The man who was stabbed is in a stable condition at a Jibia hospital."
    assert place_of(text)[0] is None


def test_a_named_plural_attack_noun_is_one_event_and_takes_its_day() -> None:
    text = (
        "A book about the Harlan (Harlow) bomb blasts in 1998 was withdrawn. "
        "The nine explosions rocked Harlan on 4 June 1998, killing 31 people."
    )
    rows = attacks(text)
    assert [r["event_date"] for r in rows] == [date(1998, 6, 4)] * 2


def test_an_attack_dated_as_a_landmark_is_marked_as_one() -> None:
    text = (
        "Two soldiers were shot dead in Jibia on Monday night, the army said. "
        "Security was tightened in the wake of the 14 March 2009 bombings."
    )
    rows = attacks(text)
    assert rows[0]["event_date"] == date(2025, 3, 10)
    assert rows[-1]["trigger"] == "bombings" and rows[-1][CAMPAIGN]


def test_a_clock_time_does_not_cut_the_attack_from_its_day() -> None:
    rows = attacks(
        "Prosecutors said the kidnapper grabbed the boy as he walked along a street in Jibia "
        "at 7:45 p.m. on Friday, February 21."
    )
    row = next(r for r in rows if r["trigger"] == "grabbed")
    assert (row["trigger"], row["event_date"]) == ("grabbed", date(2025, 2, 21))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Police said the kidnapper grabbed the girl as she walked along Harlan's 3rd Avenue.",
            "3rd Avenue",
        ),
        (
            "A man was stabbed outside the Kestrel Suites hotel in Jibia on Monday.",
            "Kestrel Suites",
        ),
        ("A guard was shot in the leg outside Jibia's Lumo 24 studios, police said.", "Lumo 24"),
        ("Militants ambushed a convoy in Dara Kell area of Jibia district on Monday.", "Dara Kell"),
    ],
)
def test_a_named_street_or_building_is_the_most_specific_place(text: str, place: str) -> None:
    assert attacks(text)[-1]["location_key"] == place


@pytest.mark.parametrize(
    "text",
    [
        "A suicide bombing in the Kenyan town of Garissa killed four people.",
        "A woman was stabbed on a Harlan Old Town tram near Jibia, police said.",
    ],
)
def test_a_people_or_a_region_named_before_a_place_noun_is_no_site(text: str) -> None:
    key = attacks(text)[0]["location_key"]
    assert key not in ("Kenyan", "Harlan Old Town", "Harlan Old"), key


def test_a_mention_placed_only_in_the_country_takes_the_town_of_the_story() -> None:
    text = (
        "Gunmen kidnapped two engineers in Bamako on Monday.\n\n"
        "The engineers, abducted in Mali on their first trip, were freed on Friday."
    )
    assert [r["location_key"] for r in attacks(text)][:2] == ["Bamako", "Bamako"]


def test_an_organisation_named_as_premises_is_the_site_its_town_gives_way_to() -> None:
    text = (
        "A singer was stabbed to death in Jibia on Tuesday. "
        "The stabbing occurred during a concert at the Lumo Club in Jibia."
    )
    assert [r["location_key"] for r in attacks(text)] == ["Lumo Club", "Lumo Club"]


def test_an_organisation_that_is_no_premises_is_no_place() -> None:
    text = "Gunmen killed two guards at a depot run by the Lumo Group in Jibia."
    assert attacks(text)[0]["location_key"] != "Lumo Group"
