"""Language detection, and documents in other languages kept but not extracted."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsfacts.documents import ProcessedDocument, process_seeds
from newsfacts.language import (
    _mapped_identifier,
    _read_identifier,
    _write_identifier,
    detect_language,
    is_extractable,
)
from tests.format_builders import article_text

OTHER_LANGUAGES = {
    "fr": "Au moins douze personnes ont été tuées mardi lors d'une attaque contre un marché "
    "dans le nord du pays, a indiqué la police locale dans un communiqué.",
    "es": "Tres soldados murieron el sábado en un ataque con drones cerca de la frontera, "
    "según informó el ministerio de Defensa en un comunicado.",
    "de": "Bei einem Anschlag auf einen Markt im Norden des Landes wurden am Dienstag "
    "mindestens zwanzig Menschen verletzt, teilte die Polizei mit.",
    "ar": "قتل ثلاثة جنود يوم السبت في هجوم بطائرة مسيرة قرب الحدود، وفق بيان لوزارة الدفاع.",
    "ru": "По меньшей мере пять человек погибли во вторник в результате обстрела города, "
    "сообщили местные власти.",
}


@pytest.mark.parametrize("code", sorted(OTHER_LANGUAGES))
def test_other_languages_are_detected(code: str) -> None:
    assert detect_language(OTHER_LANGUAGES[code]) == code


@pytest.mark.parametrize(
    "text",
    [
        article_text("Galway", 48),
        "Safin cool on Wimbledon",
        "Yukos unit buyer faces loan claim",
        "12,500",
    ],
)
def test_english_and_unsure_texts_are_english(text: str) -> None:
    assert detect_language(text) == "en"


def test_a_declared_language_decides_only_when_detection_is_unsure() -> None:
    assert detect_language("2024 — 15:30", declared="fr-FR") == "fr"
    assert detect_language(article_text("Galway", 48), declared="de") == "en"


def test_non_english_documents_keep_their_rows_but_are_not_extractable(tmp_path: Path) -> None:
    (tmp_path / "english.txt").write_text(article_text("Galway", 48), encoding="utf-8")
    title = "Attaque contre un marché dans le nord"
    (tmp_path / "french.txt").write_text(f"{title}\n\n{OTHER_LANGUAGES['fr']}\n", encoding="utf-8")
    processed = {
        i.article["source_path"]: i
        for i in process_seeds(tmp_path)
        if isinstance(i, ProcessedDocument)
    }
    assert processed["french.txt"].article["language"] == "fr"
    assert processed["french.txt"].sentences
    assert not is_extractable(processed["french.txt"].document)
    assert is_extractable(processed["english.txt"].document)


def _detect_in_new_process(cache: Path) -> tuple[list[str], str]:
    """What a fresh process (a worker, the next run) detects, and what it logged."""
    texts = [OTHER_LANGUAGES["es"], "The council approved the budget on Monday, officials said."]
    code = (
        "from newsfacts.language import detect_language; "
        f"print([detect_language(t) for t in {texts!r}])"
    )
    env = {**os.environ, "NEWSFACTS_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return ast.literal_eval(done.stdout.strip()), done.stderr


def test_the_model_is_decoded_once_per_machine_and_a_damaged_copy_is_replaced_by_the_package(
    tmp_path: Path,
) -> None:
    (tmp_path / "langid-0123456789abcdef.pickle").write_bytes(b"an older version's pickle")
    assert _detect_in_new_process(tmp_path)[0] == ["es", "en"]
    assert not list(tmp_path.glob("langid-*.pickle")), "older versions' pickles are removed"
    (cached,) = tmp_path.glob("langid-*.arrays")
    written = cached.stat().st_mtime_ns
    assert _detect_in_new_process(tmp_path)[0] == ["es", "en"]
    assert cached.stat().st_mtime_ns == written, "a second process must read the same file"

    cached.write_bytes(cached.read_bytes()[:1000])
    found, log = _detect_in_new_process(tmp_path)
    assert found == ["es", "en"]
    assert "language model cache" in log and "unreadable" in log


def test_the_mapped_model_ranks_every_language_as_the_packaged_one(tmp_path: Path) -> None:
    """The arrays kept in the cache folder are the model itself: every label's score, for
    texts in many scripts, short and long, and with no letters at all."""
    path = tmp_path / "model.arrays"
    _write_identifier(path)
    mapped, packaged = _mapped_identifier(path), _read_identifier()
    texts = [
        *OTHER_LANGUAGES.values(),
        article_text("Harwich", 140, "Friday"),
        "東京で地震があった。",
        "Ελλάδα: πυρκαγιά στην Αττική",
        "WAR",
        "12 345",
        "",
    ]
    for text in texts:
        assert mapped.rank(text) == packaged.rank(text)
        assert mapped.classify(text) == packaged.classify(text)
