"""General conflict vocabulary, one row per attack, participants in complex noun
phrases and grouping of restatements, on invented paragraphs."""

from __future__ import annotations

from datetime import date

from tests.test_events_variants import events_of, only, run


def _assaults(text: str) -> list[tuple[str, str | None]]:
    return [(r["trigger"], r["mode"]) for r in events_of(text) if r["event_type"] == "ASSAULT"]


def test_attacks_on_places_and_property_are_assaults() -> None:
    cases = {
        "Rebels stormed the prison in Vellmar on Sunday.": "stormed",
        "Jihadists overran an army outpost near Torvik overnight.": "overran",
        "Militiamen torched a market in Kessel on Friday.": "torched",
        "Bandits looted shops in the border town of Ardenne.": "looted",
        "Fighters captured the rebel-held town of Quenby after three days.": "captured",
        "Government forces and rebels fought in the hills near Castor.": "fought",
    }
    for text, trigger in cases.items():
        assert [t for t, _ in _assaults(text)] == [trigger], text


def test_a_siege_is_coercion_not_an_attack() -> None:
    # A siege cuts a place off (COERCE); attacks during it have words of their own.
    for text in (
        "Insurgents besieged the town of Malvoro for a week.",
        "The militia has laid siege to Kessel since March.",
    ):
        rows = events_of(text)
        assert [r["event_type"] for r in rows] == ["COERCE"], text


def test_heavy_weapons_and_abduction_modes() -> None:
    assert _assaults("Army artillery shelled the district of Norwin on Monday.") == [
        ("shelled", "heavy-weapons")
    ]
    assert _assaults("Troops bombarded rebel positions near Lisk.") == [
        ("bombarded", "heavy-weapons")
    ]
    assert _assaults("Gunmen kidnapped 14 farmers from a village on Tuesday.") == [
        ("kidnapped", "abduct")
    ]


def test_a_coup_is_one_assault() -> None:
    """PLOVER codes a coup d'etat as ASSAULT; the verb and the noun tell one act."""
    assert _assaults("The army seized power in a coup in the capital on Wednesday.") == [
        ("seized power", "coup")
    ]


def test_adjectival_participles_and_aid_access_are_not_attacks() -> None:
    text = "Agencies said they were unable to reach the besieged city or the looted clinic."
    assert _assaults(text) == []


def test_burning_is_an_attack_only_on_buildings() -> None:
    assert _assaults("Farmers burned crop stubble in the fields, the ministry said.") == []


def test_one_attack_with_its_consequences_is_one_row() -> None:
    text = (
        "Armed men stormed the village of Dunmore on Saturday, killing 17 people, "
        "wounding 9 and burning dozens of homes."
    )
    rows, links = run(text)
    event = only(rows, "ASSAULT")
    assert event["trigger"] == "stormed"
    assert (event["fatalities"], event["injuries"]) == (17, 9)
    assert set(links.values()) == {event["event_id"]}


def test_coordinated_and_participle_verbs_join_the_attack() -> None:
    assert len(_assaults("Militants overran a base near Halvik and looted its armoury.")) == 1
    assert len(_assaults("Gunmen ambushed a lorry near Perrow, abducting 12 passengers.")) == 1


def test_air_strike_toll_is_one_event() -> None:
    text = "An air strike on a market in Delmont killed 12 people and wounded 30 on Sunday."
    event = only(events_of(text), "ASSAULT")
    assert (event["mode"], event["fatalities"], event["injuries"]) == ("aerial", 12, 30)


def test_organisation_with_acronym_after_possessive_country_is_the_actor() -> None:
    text = (
        "Ruritania's paramilitary Northern Defence Forces (NDF) shelled the town of "
        "Ostrava on Wednesday, killing five civilians."
    )
    event = only(events_of(text), "ASSAULT")
    assert event["actor_key"] == "Northern Defence Forces"
    assert event["event_date"] == date(2025, 3, 12)


def test_later_definite_references_join_the_first_mention() -> None:
    text = (
        "Gunmen killed 23 villagers in Marrow on Monday. "
        "Residents said the massacre lasted three hours. "
        "Monday's attack was the deadliest this year."
    )
    rows = [r for r in events_of(text) if r["event_type"] == "ASSAULT"]
    assert len(rows) == 3
    assert len({r["event_group"] for r in rows}) == 1


def test_restated_toll_at_an_unlisted_village_joins_the_event() -> None:
    text = (
        "Drone strikes hit the village of Kelbrook on Tuesday, killing 31 people. "
        "Separately, protesters marched in the capital. "
        "Survivors of the Kelbrook shelling buried the 31 killed in a mass grave."
    )
    rows = [r for r in events_of(text) if r["event_type"] == "ASSAULT"]
    assert len({r["event_group"] for r in rows}) == 1, [
        (r["trigger"], r["mode"], r["event_group"]) for r in rows
    ]


def test_accused_party_is_the_actor_of_the_act_charged() -> None:
    text = (
        "The army accused the Coastal Liberation Front of committing a massacre in the "
        "village of Tarrow on Monday."
    )
    event = only(events_of(text), "ASSAULT")
    assert event["actor_key"] == "Coastal Liberation Front"


def test_a_reported_second_attack_is_its_own_row() -> None:
    text = (
        "The ministry accused rebels of a massacre and said its jets had bombed rebel "
        "positions near Harwick in response."
    )
    assert [t for t, _ in _assaults(text)] == ["massacre", "bombed"]


def test_condemned_killings_refer_back_and_a_new_predicate_splits() -> None:
    text = (
        "Gunmen killed 19 people at a market in Selbury on Friday. "
        "The regional governor condemned the killings and called for an inquiry into "
        "the shooting."
    )
    rows = [r for r in events_of(text) if r["event_type"] == "ASSAULT"]
    assert [r["trigger"] for r in rows] == ["killed", "killings", "shooting"]
    assert rows[1]["event_group"] == rows[0]["event_group"]


def test_toll_before_the_attack_is_its_consequence() -> None:
    text = "At least 11 civilians died after an air strike hit a clinic in Morrow on Sunday."
    event = only(events_of(text), "ASSAULT")
    assert (event["mode"], event["fatalities"]) == ("aerial", 11)


def test_toll_of_an_earlier_attack_is_not_linked() -> None:
    text = "Troops launched air strikes on Monday after an ambush that killed 6 soldiers."
    rows = [r for r in events_of(text) if r["event_type"] == "ASSAULT"]
    strikes = next(r for r in rows if r["trigger"] == "air strikes")
    assert strikes["fatalities"] is None


def test_raid_with_shooting_and_arson_is_one_attack() -> None:
    text = (
        "Gunmen on motorbikes raided the village of Pellam on Monday, shooting residents "
        "and setting houses on fire."
    )
    assert len(_assaults(text)) == 1


def test_retaking_a_town_is_an_assault() -> None:
    assert [t for t, _ in _assaults("Army units retook the town of Vessa from rebels.")] == [
        "retook"
    ]


def test_owner_of_fighters_or_jets_is_the_actor() -> None:
    text = "The Northern Alliance's fighters stormed the town of Rask on Monday."
    assert only(events_of(text), "ASSAULT")["actor_key"] == "Northern Alliance"
    text = "The Northern Alliance's jets struck a fuel depot near Oskel."
    event = only(events_of(text), "ASSAULT")
    assert (event["mode"], event["actor_key"]) == ("aerial", "Northern Alliance")


def test_adjectives_do_not_hide_a_reference_back() -> None:
    text = (
        "Militants attacked an army convoy near Brennick, killing 4 soldiers, officials said. "
        "Police said the deadly three-day attack was planned for weeks."
    )
    rows = [r for r in events_of(text) if r["event_type"] == "ASSAULT"]
    assert len(rows) == 2 and rows[0]["event_group"] == rows[1]["event_group"]


def test_aid_that_could_not_be_delivered_is_no_event() -> None:
    text = "The agency said it was unable to deliver humanitarian aid to the town of Marsk."
    assert [r for r in events_of(text) if r["event_type"] == "AID"] == []
    text = "The agency delivered food aid to 20,000 people in Marsk on Monday."
    assert only(events_of(text), "AID")["modality"] == "asserted"


def test_backed_militia_is_not_attributed_to_its_sponsor() -> None:
    text = "A Russia-backed militia attacked an army convoy near Harlow, killing six soldiers."
    assert only(events_of(text), "ASSAULT")["actor_key"] is None


def test_a_bare_toll_after_an_attack_joins_it() -> None:
    text = (
        "Grief in the north\n\n"
        "Fighters attacked the village of Oster on Friday night. "
        "At least 26 people were killed, residents said. "
        "Separately, three traders were killed in the province of Kelm last month."
    )
    rows = [r for r in events_of(text) if r["event_type"] == "ASSAULT"]
    assert [r["trigger"] for r in rows] == ["attacked", "killed", "killed"]
    assert rows[1]["event_group"] == rows[0]["event_group"]
    assert rows[2]["event_group"] != rows[0]["event_group"]


def test_acts_of_the_attackers_continue_the_attack() -> None:
    text = (
        "Grief in the east\n\n"
        "Armed men attacked the market town of Vorley on Sunday, killing 9 traders. "
        "The attackers then looted shops, witnesses said. "
        "They also abducted 14 women."
    )
    rows = [r for r in events_of(text) if r["event_type"] == "ASSAULT"]
    assert [r["trigger"] for r in rows] == ["attacked", "looted", "abducted"]
    assert len({r["event_group"] for r in rows}) == 1


def test_headline_joins_the_body_attack_at_its_place_despite_other_words() -> None:
    text = (
        "Drone strike kills seven in Torvale\n\n"
        "An air strike on the town of Torvale on Tuesday killed 7 people, officials said."
    )
    rows = [r for r in events_of(text) if r["event_type"] == "ASSAULT"]
    assert [r["mode"] for r in rows] == ["drone", "aerial"]
    assert rows[0]["event_group"] == rows[1]["event_group"]


def test_a_named_killing_is_not_the_toll_of_the_attack_before() -> None:
    text = (
        "Grief in the west\n\n"
        "Drones struck a depot near Tolva on Monday, officials said. "
        "The strikes came in retaliation for the killing of 4 guards in Varro."
    )
    rows = [r for r in events_of(text) if r["event_type"] == "ASSAULT"]
    killing = next(r for r in rows if r["trigger"] == "killing")
    assert killing["event_group"] != rows[0]["event_group"]


# Figurative and non-conflict uses of attack words, seen in sport, business,
# culture and technology news. Each case is checked inside an article that also
# reports real violence, so the rule holds even where everyday attack words count.
_WAR_NEWS = "Rebel fighters shelled army positions near Dravik on Monday, killing 3 soldiers."


def _assault_triggers_beside_war_news(sentence: str) -> list[str]:
    rows = events_of(f"{_WAR_NEWS}\n\n{sentence}")
    return [r["trigger"] for r in rows if r["event_type"] == "ASSAULT"]


def test_sport_metaphors_are_not_attacks() -> None:
    for sentence in (
        "Mira Olsen stormed to the 800m title in Brevik on Saturday.",
        "Castlefield won a penalty shootout after a goalless draw.",
        "The flanker was sin-binned for killing the ball near his own line.",
        "The 19-year-old shot to fame after scoring twice on his debut.",
        "The Harriers stormed 24-6 ahead within 20 minutes through two quick tries.",
        "Delmonte attacked down the left and struck twice for a 2-1 win.",
    ):
        assert _assault_triggers_beside_war_news(sentence) == ["shelled"], sentence


def test_market_and_media_metaphors_are_not_attacks() -> None:
    for sentence in (
        "Coastal resorts were the worst hit by the slump in bookings.",
        "The new handsets hit the market in May at 300 euros.",
        "Users were bombarded with pop-up adverts after installing the toolbar.",
        "Telvora won the takeover battle for a rival phone firm last year.",
        "The firm admitted a cost overrun of 2bn euros on the new airliner.",
        "Signing the marathon champion was a great coup for the organisers.",
        "Cheap downloads have killed off demand for the singles format.",
    ):
        assert _assault_triggers_beside_war_news(sentence) == ["shelled"], sentence


def test_disasters_and_natural_deaths_are_not_attacks() -> None:
    for sentence in (
        "The island was struck by four hurricanes in the autumn.",
        "The novelist Harlan Vesk has died at the age of 84.",
        "Aid agencies warned that the number killed in the disaster could rise.",
    ):
        assert _assault_triggers_beside_war_news(sentence) == ["shelled"], sentence


def test_criticism_and_economic_blows_are_not_attacks() -> None:
    for sentence in (
        "The opposition leader attacked the decision to close the Marlow plant.",
        "The central bank stepped up its attack on inflation.",
        "News of the minister's death hit shares in Porto Vell.",
        "Dairy farmers were hit by the new tariffs on cheese.",
        "The plague killed a third of the town's population in the 14th century.",
    ):
        assert _assault_triggers_beside_war_news(sentence) == ["shelled"], sentence


def test_legal_vocabulary_names_a_crime_without_telling_an_act() -> None:
    for sentence in (
        "The actor's murder trial opened in Lorwood on Tuesday.",
        "Her latest murder mystery tops the bestseller list.",
    ):
        assert _assault_triggers_beside_war_news(sentence) == ["shelled"], sentence


def test_everyday_senses_need_a_violent_article() -> None:
    """ "executed", "coup", "shooting", "counter-attack", "laid siege" are also plans,
    successes, filming and sport: in news without violence they are no attacks."""
    for text in (
        "Search warrants were executed in five countries as part of the fraud inquiry.",
        "Shooting on the sequel begins in April in the hills above Marisco.",
        "Hallam were dangerous on the counter-attack and laid siege to the visitors' goal.",
        "Landing the festival was a coup for the small town.",
    ):
        assert _assaults(text) == [], text


def test_a_review_of_a_war_game_tells_no_attack() -> None:
    text = (
        "The sequel to the best-selling war game throws gamers into raging firefights "
        "and gun battles across a distant planet.\n\n"
        "Fans of the franchise will find the console version's characters familiar, "
        "and the game lets you storm an enemy base alongside a squad of soldiers."
    )
    assert _assaults(text) == []


def test_non_conflict_news_yields_no_assault() -> None:
    text = (
        "Shares in Norrbank hit a record high on Tuesday after the lender beat profit "
        "forecasts, and analysts said the battle for deposits was far from over.\n\n"
        "Quinta United stormed into a 3-0 lead before half-time, their striker shooting "
        "wide twice before a late strike sealed the win. The visitors' attack never "
        "recovered.\n\n"
        "The chipmaker said its new processors would hit the shelves in March, and that "
        "the launch was a major coup after years of fierce competition."
    )
    assert _assaults(text) == []


def test_real_attacks_still_count_in_any_section() -> None:
    text = (
        "Fans were evacuated from the stadium in Corvena on Sunday after gunmen opened "
        "fire outside the main gate, killing two police officers."
    )
    assert [t for t, _ in _assaults(text)] == ["opened fire"]


def test_a_forecast_is_no_threat() -> None:
    def threats(text: str) -> list[str]:
        return [r["trigger"] for r in events_of(text) if r["event_type"] == "THREATEN"]

    assert threats("Analysts warned that profits at Delvane would fall by a tenth.") == []
    assert threats("The retailer warned earnings will be cut after the accounting errors.") == []
    assert len(threats("The militia warned it would respond to any incursion into Tarrin.")) == 1
    assert len(threats("Marovia warned of retaliation after the border incident.")) == 1


def test_a_foiled_plot_is_no_attack_that_happened() -> None:
    rows = events_of("Police foiled a plot to bomb a concert hall in Vellin on Friday.")
    assert [r["modality"] for r in rows if r["event_type"] == "ASSAULT"] == ["hypothetical"]


def test_a_reality_show_eviction_is_no_coercion() -> None:
    text = (
        "The singer Dana Roux became the second contestant to be evicted from the show on "
        "Monday.\n\nViewers voted the housemates out after a week of drama in the house, "
        "and the series returns in the spring."
    )
    assert [r["trigger"] for r in events_of(text) if r["event_type"] == "COERCE"] == []


def test_a_participle_after_an_article_describes() -> None:
    text = "The overthrown president of Kelmar gave his first interview in exile on Monday."
    assert _assaults(text) == []


def test_a_threat_covers_both_coordinated_verbs() -> None:
    rows = events_of("The man admitted threatening to assault and murder a judge in Corvel.")
    assert {r["modality"] for r in rows if r["event_type"] == "ASSAULT"} == {"hypothetical"}


def test_a_bomb_scare_is_no_bombing() -> None:
    text = "Fans were evacuated from the Lindqvist stadium on Sunday after a bomb scare."
    assert _assaults(text) == []
    assert _assault_triggers_beside_war_news("The bomb squad searched the hall.") == ["shelled"]


def test_laying_hands_on_a_person_in_a_violent_story_is_an_attack() -> None:
    text = (
        "A man was charged with kidnapping after the abduction of a toddler in Harlan. "
        "Witnesses said he snatched the toddler from a pushchair and that the child's "
        "father was knocked to the ground as he tried to stop him."
    )
    triggers = [t for t, _ in _assaults(text)]
    assert "snatched" in triggers and "knocked to the ground" in triggers


def test_grabbing_a_chance_or_a_lead_is_no_attack() -> None:
    for text in (
        "Hallam grabbed the lead after ten minutes and snatched a late winner.",
        "The star grabbed the headlines with a daring dress at the premiere.",
    ):
        assert _assaults(text) == [], text


def test_crowd_control_weapons_used_on_people_are_one_use_of_force() -> None:
    text = (
        "Riot police fired water cannons and tear gas at students outside the college, "
        "and marchers later faced rubber bullets, officials said."
    )
    triggers = [t for t, _ in _assaults(text)]
    assert triggers == ["water cannons", "rubber bullets"], triggers


def test_a_separatist_bombing_story_reads_everyday_attack_words_as_violence() -> None:
    text = (
        "Fans left the arena after a warning that an explosive device had been planted. "
        "The arena was targeted by a separatist group in 2001, when a van exploded nearby."
    )
    assert "targeted" in [t for t, _ in _assaults(text)]


def test_an_explosive_match_is_no_violence() -> None:
    text = "Saturday's explosive derby clash at Harlan Park showed why the rivals draw crowds."
    assert _assaults(text) == []
