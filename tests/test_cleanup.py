"""Cleanup: every seed line right, and the rules hold on invented variants."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newsfacts.cleanup import clean_text_lines, normalise_line
from newsfacts.ingest import decode_bytes
from tests.conftest import GOLD, SEEDS

GOLD_BOILERPLATE = yaml.safe_load((GOLD / "boilerplate.yaml").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(GOLD_BOILERPLATE))
def test_seed_lines_match_gold(name: str) -> None:
    gold = GOLD_BOILERPLATE[name]
    text = decode_bytes((SEEDS / name).read_bytes())
    result = clean_text_lines(text)
    removed = {r.line_no: r.rule for r in result.removed}
    expected = {item["line"]: item["rule"] for item in gold["removed"]}
    assert removed == expected
    assert result.title == gold["title"]
    assert result.author == gold["author"]
    assert (result.dated.isoformat() if result.dated else None) == (
        str(gold["dated"]) if gold["dated"] else None
    )


@pytest.mark.parametrize("name", sorted(GOLD_BOILERPLATE))
def test_no_body_line_is_lost(name: str) -> None:
    text = decode_bytes((SEEDS / name).read_bytes())
    lines = text.splitlines()
    result = clean_text_lines(text)
    removed = {r.line_no for r in result.removed}
    kept = [line.strip() for i, line in enumerate(lines, 1) if i not in removed and line.strip()]
    assert len(kept) == len(result.paragraphs)


def _removed(text: str) -> dict[str, str]:
    return {r.text.strip(): r.rule for r in clean_text_lines(text).removed}


BODY = (
    "The regional governor said on Monday that floods had displaced 3,000 families "
    "across the northern provinces, and that relief convoys would arrive within days.\n\n"
    "Aid agencies warned that access roads remained cut and that more rain was expected "
    "over the weekend, according to a statement from the provincial council."
)


def test_variant_site_chrome_in_other_order_and_wording() -> None:
    text = (
        "Back to top\n\nPolitics\n5 hours ago\n\nFloods displace thousands in the north\n\n"
        "By Maria Okonkwo-Bell\n\n12 March 2023 | 4 min read\n\n" + BODY + "\n\n"
        "Share this article\n\nSign up for our morning briefing\n\n"
        "Get the best stories delivered straight to your inbox."
    )
    removed = _removed(text)
    assert removed == {
        "Back to top": "site_chrome",
        "Politics": "section_label",
        "5 hours ago": "timestamp_label",
        "By Maria Okonkwo-Bell": "byline",
        "12 March 2023 | 4 min read": "date_line",
        "Share this article": "site_chrome",
        "Sign up for our morning briefing": "newsletter",
        "Get the best stories delivered straight to your inbox.": "newsletter",
    }
    result = clean_text_lines(text)
    assert result.title == "Floods displace thousands in the north"
    assert result.author == "Maria Okonkwo-Bell"
    assert result.dated is not None and result.dated.isoformat() == "2023-03-12"


def test_variant_related_list_stops_at_the_end_of_headlines() -> None:
    text = (
        "Ceasefire talks resume in the capital\n\n" + BODY + "\n\nRead more\n\n"
        "Markets rally as inflation cools\nWhat does the new tariff mean for exporters?\n"
        "Opposition leader resigns after poll defeat"
    )
    removed = _removed(text)
    assert set(removed.values()) == {"related_links"}
    assert len(removed) == 4
    assert clean_text_lines(text).paragraphs[-1].startswith("Aid agencies warned")


def test_variant_captions_with_credits_are_kept_apart() -> None:
    text = (
        "Ceasefire talks resume in the capital\n\n"
        "Soldiers patrol a market in the old city on 3 May 2023 (Photo by Jane Roe/Getty Images)\n"
        "Residents queue for water in the eastern district, May 2, 2023. – AFP\n\n" + BODY
    )
    result = clean_text_lines(text)
    assert [r.rule for r in result.removed] == ["caption", "caption"]
    assert len(result.captions) == 2
    assert result.paragraphs[0] == "Ceasefire talks resume in the capital"


def test_variant_pull_quote_and_its_attribution() -> None:
    quote = "We will rebuild every bridge that the water took from us, however long it takes"
    text = (
        "Floods displace thousands in the north\n\n" + BODY + f"\n\n“{quote}”\n\n"
        "— Provincial governor Amina Yusuf\n\n"
        f"“{quote},” the governor told reporters on Tuesday, standing beside a ruined road."
    )
    removed = _removed(text)
    assert removed == {
        f"“{quote}”": "pull_quote",
        "— Provincial governor Amina Yusuf": "pull_quote",
    }


def test_variant_publisher_promo_and_author_bio_at_the_end() -> None:
    text = (
        "Floods displace thousands in the north\n\nKofi Mensah\n\n" + BODY + "\n\n"
        "Kofi Mensah is a reporter covering West Africa for the paper.\n\n"
        "To republish this article, please contact our syndication desk. All rights reserved."
    )
    removed = _removed(text)
    assert removed["Kofi Mensah"] == "byline"
    assert removed["Kofi Mensah is a reporter covering West Africa for the paper."] == "author_bio"
    assert len(removed) == 3
    assert clean_text_lines(text).author == "Kofi Mensah"


def test_body_paragraph_that_looks_like_a_promo_is_kept() -> None:
    body = (
        "Floods displace thousands in the north\n\n"
        "Residents said they had signed up to volunteer with the relief effort, and that the "
        "newsletter of the local council had been their only source of updates for a week.\n\n"
        + BODY
    )
    assert clean_text_lines(body).removed == ()


def test_lines_repeated_across_the_corpus_are_removed() -> None:
    from newsfacts.cleanup import fingerprint

    text = "Floods displace thousands in the north\n\n" + BODY + "\n\nDownload the Daily Ledger app"
    removed = clean_text_lines(text, frozenset({fingerprint("Download the Daily Ledger app")}))
    assert [r.rule for r in removed.removed] == ["repeated_line"]


def test_wire_dateline_gives_the_publication_date(tmp_path: Path) -> None:
    from newsfacts.documents import read_documents

    (tmp_path / "wire.txt").write_text(
        "Floods displace thousands in the north\n\n"
        "LAGOS, 12 August 2023 (Reuters) - Floods displaced 3,000 families on Friday, "
        "the emergency agency said.\n",
        encoding="utf-8",
    )
    (doc,) = list(read_documents(tmp_path))
    assert str(doc.published_date) == "2023-08-12"
    assert doc.published_date_basis == "text"


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("Ｒｅｕｔｅｒｓ ｒｅｐｏｒｔｅｄ １２ dead", "Reuters reported 12 dead"),
        ("𝐁𝐨𝐥𝐝 claims of 𝟏𝟎 arrests", "Bold claims of 10 arrests"),
        ("the ﬁre spread", "the fire spread"),
        ("co\u200bop\u00adera\ufefftion", "cooperation"),
        ("ｶﾒﾗ", "カメラ"),
        ("x² and ½ and café", "x² and ½ and café"),
    ],
)
def test_compatibility_letters_and_digits_fold_and_invisible_characters_go(
    raw: str, normalised: str
) -> None:
    assert normalise_line(raw) == normalised
