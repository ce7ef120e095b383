"""Quotation patterns on hand-written text with invented speakers."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.entities.extract import extract_mentions
from newsfacts.quotes import extract_quotes
from tests.entity_helpers import make_doc


def quotes_of(text: str) -> list[dict[str, Any]]:
    doc = make_doc(text)
    return extract_quotes(doc, extract_mentions(doc))


def speakers(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(q["text"], q["speaker_key"], q["cue"]) for q in quotes_of(text)]


def test_name_said_after_the_quotation() -> None:
    assert speakers("“We will rebuild the bridge,” Dana Aziz said on Sunday.") == [
        ("We will rebuild the bridge", "Dana Aziz", "said")
    ]


def test_said_name_and_straight_quotes() -> None:
    assert speakers('"The road is closed," said Colonel Fares Khalil.') == [
        ("The road is closed", "Fares Khalil", "said")
    ]


def test_appositive_between_speaker_and_cue() -> None:
    text = (
        "“Talks will resume next week”, Lina Haddad, a senior adviser to the Jordanian foreign "
        "minister, said in a statement."
    )
    assert speakers(text) == [("Talks will resume next week", "Lina Haddad", "said")]


def test_speaker_before_the_quotation_and_pronoun_continuation() -> None:
    text = (
        "Governor Omar Barakat said in a statement that the curfew “will be lifted by Friday.” "
        "“Shops may reopen,” he added."
    )
    assert speakers(text) == [
        ("will be lifted by Friday.", "Omar Barakat", "said"),
        ("Shops may reopen", "Omar Barakat", "added"),
    ]


def test_according_to_and_quoted_as_saying() -> None:
    text = (
        "According to the Free Dawn Movement, “the convoy was never stopped”.\n\n"
        "“Nobody will be punished for this,” Rami Nasser was quoted as saying."
    )
    assert speakers(text) == [
        ("the convoy was never stopped", "Free Dawn Movement", "according to"),
        ("Nobody will be punished for this", "Rami Nasser", "quoted as saying"),
    ]


def test_told_an_outlet() -> None:
    text = "“We were not warned,” Hala Mansour told Reuters."
    assert speakers(text) == [("We were not warned", "Hala Mansour", "told")]


def test_role_speaker_resolves_to_the_named_holder() -> None:
    text = (
        "Foreign Minister Nadia Saleh arrived in Cairo.\n\n"
        "“We came to listen,” the foreign minister said."
    )
    assert speakers(text) == [("We came to listen", "Nadia Saleh", "said")]


def test_anonymous_speaker_keeps_its_words() -> None:
    quotes = quotes_of("“The strikes will continue,” a security official said.")
    assert quotes[0]["speaker_key"] is None
    assert quotes[0]["speaker_surface"] == "a security official"


def test_quotation_continued_in_the_next_paragraph() -> None:
    text = (
        "“The dam is safe,” engineer Samir Ghanem said.\n\n"
        "“We inspected every gate.\n\n"
        "“Nothing was damaged.”"
    )
    assert speakers(text) == [
        ("The dam is safe", "Samir Ghanem", "said"),
        ("We inspected every gate.", "Samir Ghanem", None),
        ("Nothing was damaged.", "Samir Ghanem", None),
    ]


def test_scare_quotes_need_an_attribution() -> None:
    assert speakers("Officials condemned the “provocation” at the border.") == []
    found = speakers("Karim Darwish said the rivals would not “bend” on the deal.")
    assert found == [("bend", "Karim Darwish", "said")]


def test_new_clause_after_quotation_is_not_the_speaker() -> None:
    text = "The opposition called the plan “reckless”, while Mayor Sami Aziz said it was needed."
    assert speakers(text) == []


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "The ministry’s spokesman said it won’t change the charge d’affaires’ status."
    assert quotes_of(text) == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*'ab “”"‘’.,\n', " said", " he", " Dana Aziz"]), max_size=60).map(
        "".join
    )
)
def test_quote_offsets_always_match(text: str) -> None:
    doc = make_doc(text)
    for quote in extract_quotes(doc, extract_mentions(doc)):
        assert doc.clean_text[quote["char_start"] : quote["char_end"]] == quote["text"]
        assert quote["text"]


def test_many_quotations_in_one_paragraph_are_linear() -> None:
    for text in ('"a ' * 100_000, "“We will stay,” Dana Aziz said, " * 20_000):
        started = time.perf_counter()
        quotes_of(text)
        assert time.perf_counter() - started < 20


def test_quotation_sentence_attributed_by_the_sentence_before() -> None:
    text = (
        "Party leader Nabil Aziz said Ms Farouk was wrong and said she should resign. "
        "“Nobody is above the rules.”"
    )
    assert speakers(text) == [("Nobody is above the rules.", "Nabil Aziz", "said")]


def test_pronoun_skips_possessors_and_reported_names() -> None:
    text = (
        "Former minister Rana Daher condemned Karim Haddad's remarks. She told reporters: "
        "“This must stop.”"
    )
    assert speakers(text) == [("This must stop.", "Rana Daher", "told")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "she" is the woman named just before, not the nearer man of unknown gender.
        (
            "Police arrested Daniel Okafor and Helen Marsh in 1975. Mrs Marsh was the aunt "
            "with whom Okafor planned to stay. She said it was a “great relief” to be cleared.",
            "Helen Marsh",
        ),
        # "he" is never a woman, and a titled man from further back does not win.
        (
            "Mr Tomas Brandt led the inquiry for a decade. Ms Ruth Kell chaired the panel. "
            "Ian Pratt then spoke for the army. “We accept the verdict,” he said.",
            "Ian Pratt",
        ),
        # The person of an organisation speaks, not the organisation.
        (
            "Dana Whitlock of the Harbour Authority told reporters the closure was a "
            "“temporary and agreed measure” and would end soon.",
            "Dana Whitlock",
        ),
        # A question quoted, then attributed in a short sentence of its own.
        (
            "Producer Lena Okoro said the show would go ahead. “If the book was allowed, "
            "why not the play?” Ms Okoro's agent Tariq Bell said.",
            "Tariq Bell",
        ),
        # A finished quotation followed by a sentence with no cue keeps the one before.
        ("Lena Okoro said: “We are ready.” Tariq Bell left the hall soon after.", "Lena Okoro"),
    ],
)
def test_the_speaker_of_one_quotation(text: str, speaker: str) -> None:
    assert [found for _, found, _ in speakers(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Dana Aziz accused the mayor of “betraying the whole movement”.", "Dana Aziz"),
        ("Omar Haddad. He accused the council of “hiding the true costs”.", "Omar Haddad"),
        # Passive: the subject was spoken to or about.
        ("Dana Aziz was accused of “betraying the whole movement”.", None),
        ("Omar Haddad was told that “the road is closed for good”.", None),
        # A determiner makes the cue a noun.
        ("“I am innocent of every charge,” the accused said.", None),
        # Still active.
        ("Omar Haddad is saying that “the road is closed for good”.", "Omar Haddad"),
        ("“The road is closed,” Omar Haddad was quoted as saying.", "Omar Haddad"),
    ],
)
def test_accusations_passives_and_nouns(text: str, speaker: str | None) -> None:
    assert speakers(text)[-1][1] == speaker
