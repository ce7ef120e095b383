"""Offline place lookup: names, variants, ambiguity and the shape of a Place."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.gazetteer import Place, _sources_fingerprint, is_place_name, lookup_place
from newsfacts.names import name_key, skeleton, slug, variant_key
from newsfacts.paths import cache_dir
from newsfacts.reference import reference_dir


def test_city_with_coordinates_and_country() -> None:
    place = lookup_place("Mosul")
    assert place is not None
    assert (place.kind, place.entity_type, place.country_code) == ("city", "GPE", "IQ")
    assert place.latitude is not None and 35 < place.latitude < 37


def test_country_has_a_populated_centroid() -> None:
    place = lookup_place("Yemen")
    assert place == Place(
        place.name, "country", "GPE", "YE", place.latitude, place.longitude, place.population
    )
    assert place.latitude is not None and 12 < place.latitude < 19


def test_article_and_transliteration_variants() -> None:
    expected = lookup_place("Al Qaim")
    assert expected is not None and expected.country_code == "IQ"
    assert lookup_place("al-Qaim") == expected
    assert lookup_place("AL-QAEM") == expected


def test_small_towns_of_the_cities1000_table() -> None:
    # Towns of 1,000 to 15,000 inhabitants: no population, but a country and a province.
    for name, country in (("Jibia", "NG"), ("Tal Abyad", "SY"), ("Rawah", "IQ")):
        place = lookup_place(name)
        assert place is not None and (place.kind, place.country_code) == ("city", country), name
        assert place.admin1 and place.precision == 1 and place.latitude is not None


def test_transliteration_variants_of_towns() -> None:
    # Articles (al-/el-/Al/ad-/ash-), apostrophes, hyphens and doubled letters.
    groups = [
        ("Al Qaim", "al-Qa'im", "Qaim", "AL-QAEM", "El Qaim"),
        ("Deir al-Balah", "Deir el-Balah", "Dayr al Balah", "Deir Al Balah"),
        ("Beit Lahiya", "Bayt Lahiya", "Beit Lahia"),
    ]
    for names in groups:
        places = {lookup_place(name) for name in names}
        assert len(places) == 1 and None not in places, names


def test_variant_key_ignores_articles_apostrophes_hyphens_and_doubled_letters() -> None:
    assert variant_key("Ras al-'Ayn") == variant_key("Ras Al Ayn") == variant_key("ras ayn")
    assert variant_key("Khan Younnis") == variant_key("Khan Younis")
    assert variant_key("Ash-Shifa") == variant_key("Shifa")
    assert variant_key("Tal Abyad") != variant_key("Tal Afar")


def test_provinces_by_bare_name_and_administrative_word() -> None:
    province = lookup_place("Katsina state")
    town = lookup_place("Katsina")
    assert province is not None and town is not None
    assert (province.kind, province.country_code, province.precision) == ("province", "NG", 3)
    assert town.kind == "city"  # a bare name is the town before its province
    bare = lookup_place("Salah ad Din")  # GeoNames: "Salah ad Din Governorate"
    assert bare is not None and bare.kind == "province" and bare.country_code == "IQ"
    region = lookup_place("Sahel", country_hint="BF")
    assert region is not None and region.kind == "region"  # curated before a province


def test_alias_and_curated_region() -> None:
    us = lookup_place("U.S.")
    assert us is not None and us.kind == "country" and us.country_code == "US"
    region = lookup_place("Kurdistan Region of Iraq")
    assert region is not None and region.kind == "region" and region.country_code == "IQ"
    sea = lookup_place("Red Sea")
    assert sea is not None and sea.entity_type == "LOC"


def test_continent() -> None:
    place = lookup_place("Africa")
    assert place is not None and (place.kind, place.entity_type) == ("continent", "LOC")


def test_country_hint_resolves_ambiguity() -> None:
    default = lookup_place("Paris")
    hinted = lookup_place("Paris", country_hint="us")
    assert default is not None and default.country_code == "FR"
    assert hinted is not None and hinted.country_code == "US"
    state = lookup_place("Georgia", "US")
    assert state is not None and state.kind == "state"
    country = lookup_place("Georgia")
    assert country is not None and country.kind == "country"


def test_a_country_hint_never_turns_a_country_into_a_town_of_its_name() -> None:
    # Towns of the hinted country named after another country or region.
    for name, hint, country in (
        ("Jordan", "US", "JO"),
        ("Mexico", "US", "MX"),
        ("Peru", "US", "PE"),
    ):
        place = lookup_place(name, hint)
        assert place is not None and (place.kind, place.country_code) == ("country", country)


def test_population_breaks_ties() -> None:
    place = lookup_place("Tripoli")
    assert place is not None and place.country_code == "LY"


def test_organisation_and_person_words_are_not_places() -> None:
    for word in ("Hamas", "Pentagon", "Spokesman", "Hussein", ""):
        assert lookup_place(word) is None, word
    assert not is_place_name("Ministry")
    assert is_place_name("Beirut")


def test_name_keys() -> None:
    assert name_key("Al Qā’im") == name_key("al-Qaim") == "qaim"
    assert skeleton("Hizbullah") == skeleton("Hezbollah")
    assert skeleton("Mobilisation") == skeleton("Mobilization")
    assert skeleton("Yehia") == skeleton("Yahya")
    assert skeleton("Baqer") == skeleton("Baqir")
    assert slug("Harakat al-Nujaba’s Forces") == "harakat-al-nujabas-forces"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_keys_are_plain_ascii(text: str) -> None:
    assert set(variant_key(text)) <= set("abcdefghijklmnopqrstuvwxyz0123456789")
    key = name_key(text)
    assert key == key.strip() and all(ch in "abcdefghijklmnopqrstuvwxyz0123456789 " for ch in key)
    assert all(part in "abcdefghijklmnopqrstuvwxyz0123456789-" for part in slug(text))
    lookup_place(text)


def test_long_input_is_fast() -> None:
    assert lookup_place("a" * 2_000_000) is None


def _lookup_in_new_process(name: str, env: dict[str, str]) -> str:
    """What a fresh process (a worker, the next run) finds for ``name``."""
    code = f"from newsfacts.gazetteer import lookup_place; print(lookup_place({name!r}))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_index_is_built_once_and_rebuilt_when_the_curated_places_change(
    tmp_path: Path,
) -> None:
    env = dict(os.environ)
    assert "kind='country'" in _lookup_in_new_process("Yemen", env)
    index = cache_dir() / f"gazetteer-{_sources_fingerprint()}.sqlite"
    built = index.stat().st_mtime_ns
    assert "kind='country'" in _lookup_in_new_process("Yemen", env)
    assert index.stat().st_mtime_ns == built, "a second process must open the same file"

    custom = tmp_path / "reference"
    shutil.copytree(reference_dir(), custom)
    places = custom / "entities" / "places.yaml"
    data = yaml.safe_load(places.read_text(encoding="utf-8"))
    data["places"].append(
        {"name": "Qorvanet Marshes", "kind": "region", "entity_type": "LOC", "country_code": "IQ"}
    )
    places.write_text(yaml.safe_dump(data), encoding="utf-8")
    env |= {"NEWSFACTS_REFERENCE_DIR": str(custom), "NEWSFACTS_CACHE_DIR": str(tmp_path)}
    assert "Qorvanet Marshes" in _lookup_in_new_process("Qorvanet Marshes", env)
    (rebuilt,) = tmp_path.glob("gazetteer-*.sqlite")
    assert rebuilt.name != index.name, "other sources, another index"


def test_lower_case_alternates_are_no_place_names() -> None:
    """GeoNames lists language names and machine transliterations among a city's
    alternate names ("hindi" for one Ukrainian city); a text writes a place with a
    capital, so only such alternates count."""
    assert lookup_place("Hindi") is None
    assert lookup_place("Kartuli") is None
    marijupol = lookup_place("Marijupol")
    assert marijupol is not None and marijupol.country_code == "UA"
