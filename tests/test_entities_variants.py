"""Entity patterns on hand-written sentences with invented people, groups and places."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.entities.discover import discover
from newsfacts.entities.extract import extract_mentions
from newsfacts.entities.resolve import resolve_entities
from tests.entity_helpers import by_surface, make_doc


def mentions_of(text: str) -> dict[str, tuple[str, str]]:
    return by_surface(extract_mentions(make_doc(text)))


def test_title_and_surname_refer_back_to_the_full_name() -> None:
    found = mentions_of(
        "Defence Minister Karim Haddad said on Monday that the army would withdraw from "
        "Tikrit. Haddad later met officials in Amman."
    )
    assert found["Karim Haddad"] == ("PERSON", "Karim Haddad")
    assert found["Haddad"] == ("PERSON", "Karim Haddad")
    assert found["Tikrit"][0] == "GPE" and found["Amman"][0] == "GPE"
    assert "Defence" not in found and "Minister" not in found


def test_acronym_defined_in_parentheses_is_used_later() -> None:
    found = mentions_of(
        "The Free Dawn Brigades (FDB) claimed the attack near Kirkuk. The FDB said three of "
        "its fighters were killed."
    )
    assert found["Free Dawn Brigades"] == ("ORG", "Free Dawn Brigades")
    assert found["FDB"] == ("ORG", "Free Dawn Brigades")


def test_title_alone_refers_to_the_named_holder() -> None:
    found = mentions_of(
        "Iraqi Prime Minister Adel Nasser al-Khoury visited Basra. The prime minister promised "
        "new investment. Khoury spoke to reporters."
    )
    key = "Adel Nasser al-Khoury"
    assert found[key] == ("PERSON", key)
    assert found["prime minister"] == ("PERSON", key)
    assert found["Khoury"] == ("PERSON", key)
    assert found["Iraqi"] == ("NORP", "Iraqi")
    assert found["Basra"][0] == "GPE"


def test_title_without_a_named_holder_is_no_mention() -> None:
    assert "president" not in mentions_of("The president did not comment on the report.")


def test_particles_and_org_cue_words() -> None:
    found = mentions_of(
        "Fighters loyal to Abu Hamza al-Tamimi seized a checkpoint, according to the Levant "
        "Monitoring Group. The Revolutionary Justice Movement said its leader Samir Darwish "
        "was detained."
    )
    assert found["Abu Hamza al-Tamimi"][0] == "PERSON"
    assert found["Levant Monitoring Group"][0] == "ORG"
    assert found["Revolutionary Justice Movement"][0] == "ORG"
    assert found["Samir Darwish"][0] == "PERSON"


def test_connector_inside_organisation_name() -> None:
    found = mentions_of("Ambassador Lina Farouk blamed the Ministry of Foreign Affairs.")
    assert found["Ministry of Foreign Affairs"][0] == "ORG"
    assert found["Lina Farouk"][0] == "PERSON"


def test_demonyms_and_countries_in_hyphenated_compounds() -> None:
    found = mentions_of("Saudi-backed forces and Qatar-funded groups clashed with Kurdish units.")
    assert found["Saudi"] == ("NORP", "Saudi")
    assert found["Qatar"][0] == "GPE"
    assert found["Kurdish"] == ("NORP", "Kurdish")


def test_sentence_initial_word_is_not_a_name_by_itself() -> None:
    found = mentions_of("Renewed shelling hit Aleppo. Several families fled.")
    assert set(found) == {"Aleppo"}


def test_small_town_that_is_also_a_surname() -> None:
    text = "Councillor Janet Hewitt said the plan was sound. Ms Hewitt spoke in Leeds."
    found = mentions_of(text)
    assert found["Hewitt"] == ("PERSON", "Janet Hewitt")


def test_laws_and_events_are_not_people() -> None:
    found = mentions_of("Parliament debated the Water Security Act after the Gulf War anniversary.")
    assert "Water Security Act" not in found and "Security Act" not in found
    assert "Gulf War" not in found


def test_quoted_nickname_stays_inside_the_name() -> None:
    found = mentions_of("Officials named him as Tariq Ali “Abu Layth” al-Janabi, a commander.")
    assert found["Tariq Ali “Abu Layth” al-Janabi"] == ("PERSON", "Tariq Ali Abu Layth al-Janabi")


def test_resolution_across_documents_with_spelling_variants() -> None:
    first = make_doc(
        "Spokesman Yousef Mansour said the Popular Resistance Brigades attacked al-Qaim.",
        "aaaaaaaaaaaaaaaa",
    )
    second = make_doc(
        "Yusef Mansour said the Popular Resistance Brigades would continue. Mansour did not "
        "elaborate.",
        "bbbbbbbbbbbbbbbb",
    )
    resolution = resolve_entities([*extract_mentions(first), *extract_mentions(second)])
    aliases = {e["entity_id"]: set(e["aliases"]) for e in resolution.entities}
    person = next(i for i, a in aliases.items() if "Yousef Mansour" in a)
    assert {"Yousef Mansour", "Yusef Mansour", "Mansour"} <= aliases[person]


def test_shared_surname_particle_never_merges_two_people() -> None:
    first = make_doc("Commander Hadi al-Amiri spoke in Baghdad.", "aaaaaaaaaaaaaaaa")
    second = make_doc("Judge Faiq al-Zaidan spoke in Baghdad.", "bbbbbbbbbbbbbbbb")
    third = make_doc("Ahmad bin Faisal and Omar bin Faisal are brothers.", "cccccccccccccccc")
    mentions = [m for d in (first, second, third) for m in extract_mentions(d)]
    names = {e["name"] for e in resolve_entities(mentions).entities if e["entity_type"] == "PERSON"}
    assert {"Hadi al-Amiri", "Faiq al-Zaidan", "Ahmad bin Faisal", "Omar bin Faisal"} <= names


def test_lone_surname_shared_by_two_people_stays_unlinked() -> None:
    first = make_doc("Karim Saleh met Nadia Saleh in Erbil.", "aaaaaaaaaaaaaaaa")
    second = make_doc("Saleh refused to comment.", "bbbbbbbbbbbbbbbb")
    mentions = [m for d in (first, second) for m in extract_mentions(d)]
    entities = resolve_entities(mentions).entities
    for entity in entities:
        assert not {"Karim Saleh", "Nadia Saleh"} <= set(entity["aliases"])


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Al-Qaim bin Abu “”\"'’ .,()ISx\n")), max_size=80))
def test_discovered_offsets_always_match(text: str) -> None:
    for candidate in discover(text):
        assert text[candidate.start : candidate.end] == candidate.surface
        assert candidate.end > candidate.start


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Iraq",
                "al-Hadi",
                "said",
                "Abu",
                "Forces",
                "of",
                "the",
                "Minister",
                "(PMF)",
                "PMF",
                "“x”",
                "Dana Aziz",
                ".",
                ",",
            ]
        ),
        max_size=40,
    )
)
def test_document_mentions_match_their_offsets(words: list[str]) -> None:
    doc = make_doc(" ".join(words))
    for mention in extract_mentions(doc):
        assert doc.clean_text[mention.char_start : mention.char_end] == mention.surface


def test_run_on_text_goes_through() -> None:
    # Scaling is measured by `python -m newsfacts.benchmark`; here it must just finish.
    sentence = "Minister Rana Aziz of the Ministry of Water told the Basra Council in Mosul that "
    for text in (sentence * 3000, "Abc " * 60000, "al-Abc " * 30000):
        doc = make_doc(text)
        for mention in extract_mentions(doc):
            assert doc.clean_text[mention.char_start : mention.char_end] == mention.surface


def test_connectors_with_the_and_and_inside_organisation_names() -> None:
    found = mentions_of(
        "The Front for the Liberation of Sand and Sea (FLSS) attacked a convoy. Troops from "
        "Iraq and Syria responded."
    )
    assert found["Front for the Liberation of Sand and Sea"][0] == "ORG"
    assert found["FLSS"] == ("ORG", "Front for the Liberation of Sand and Sea")
    assert found["Iraq"][0] == "GPE" and found["Syria"][0] == "GPE"


def test_compass_word_and_place_are_one_place() -> None:
    found = mentions_of("Fighting spread across North Sinai and into South Sudan on Monday.")
    assert found["North Sinai"][0] == "LOC"
    assert found["South Sudan"] == ("GPE", "South Sudan")


def test_name_defined_with_an_acronym_is_an_organisation() -> None:
    found = mentions_of(
        "Food deliveries by the Sahel Relief Partnership (SRP) resumed. The SRP said roads "
        "were open."
    )
    assert found["Sahel Relief Partnership"][0] == "ORG"
    assert found["SRP"] == ("ORG", "Sahel Relief Partnership")


def test_a_town_name_after_a_middle_initial_is_the_surname() -> None:
    found = mentions_of("Maren T Jackson said the museum would reopen in March.")
    assert found["Maren T Jackson"] == ("PERSON", "Maren T Jackson")
    assert "Jackson" not in found
    found = mentions_of("Samir K Hama arrived on Monday, and Hama met the governor.")
    assert found["Samir K Hama"][0] == "PERSON"
    assert found["Hama"] == ("PERSON", "Samir K Hama")
    assert mentions_of("Officials in Jackson said the bridge would reopen.")["Jackson"][0] == "GPE"
