"""The shape of every reference file under ``data/reference/``, one pydantic model each.

Each model states what the code reading the file expects (the reader is named
in the model's docstring): which keys must be there, their types, which lists
may not be empty, that patterns compile and that names of event types,
qualifiers or figure categories are ones the tables accept. Unknown keys are
errors, so a misspelled key is reported instead of being silently ignored.
``newsfacts.reference_check`` validates the files against these models before
a build; a user extending a file finds its shape here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StrictStr,
    field_validator,
    model_validator,
)

from newsfacts.schemas import (
    ENTITY_TYPES,
    EVENT_TYPES,
    FIGURE_CATEGORIES,
    GEO_PRECISIONS,
    QUALIFIERS,
)


def _no_boolean(value: object) -> object:
    """YAML 1.1 reads an unquoted yes/no/on/off as a boolean, which no word list can use."""
    if isinstance(value, bool):
        raise ValueError(
            f"YAML read an unquoted yes/no/on/off/true/false as {value}; put the word in quotes"
        )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"not a valid regular expression: {error}") from error
    return pattern


def _one_of(allowed: Sequence[object], what: str) -> Callable[[object], object]:
    def check(value: object) -> object:
        if value not in allowed:
            raise ValueError(f"unknown {what} {value!r}; expected one of {list(allowed)}")
        return value

    return check


Word = Annotated[StrictStr, BeforeValidator(_no_boolean), AfterValidator(_not_blank)]
# A word that may also be "", which stands for "nothing follows" (the end of a sentence).
Follower = Annotated[StrictStr, BeforeValidator(_no_boolean)]
Words = list[Word]
SomeWords = Annotated[list[Word], Field(min_length=1)]
Pattern = Annotated[Word, AfterValidator(_compiles)]
Count = Annotated[int, Field(ge=0)]
Distance = Annotated[float, Field(ge=0)]
Factor = Annotated[float, Field(gt=0)]
CountryCode = Annotated[StrictStr, Field(pattern=r"^[A-Z]{2}$")]
EntityType = Annotated[StrictStr, AfterValidator(_one_of(ENTITY_TYPES, "entity type"))]
EventType = Annotated[StrictStr, AfterValidator(_one_of(EVENT_TYPES, "event type"))]
Qualifier = Annotated[StrictStr, AfterValidator(_one_of(QUALIFIERS, "qualifier"))]
Category = Annotated[StrictStr, AfterValidator(_one_of(FIGURE_CATEGORIES, "figure category"))]
GeoPrecision = Annotated[int, AfterValidator(_one_of(GEO_PRECISIONS, "geo precision"))]
# The kinds ``newsfacts.gazetteer`` ranks places by.
PlaceKind = Literal["region", "country", "continent", "city", "state", "province"]
# A person's gender as a title or pronoun tells it (quotes: "she said" is the last woman named).
Gender = Literal["male", "female"]


class Shape(BaseModel):
    """Strict types (no "3" for 3, no true for a word) and no unknown keys."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- top level --------------------------------------------------------------------------


class Abbreviations(Shape):
    """``abbreviations.yaml``, read by ``newsfacts.sentences``: full stops that end no sentence."""

    titles: SomeWords
    months: SomeWords
    sentence_openers: SomeWords


class BoilerplateRule(Shape):
    id: Word
    zone: Literal["any", "header", "footer"] = "any"
    max_chars: Annotated[int, Field(gt=0)] = 200
    patterns: Annotated[list[Pattern], Field(min_length=1)]
    case_sensitive: bool = False
    list_heading: bool = False


class Boilerplate(Shape):
    """``boilerplate.yaml``, read by ``newsfacts.cleanup``: site chrome to strip."""

    rules: Annotated[list[BoilerplateRule], Field(min_length=1)]


class Outlet(Shape):
    name: Word
    aliases: Words = []
    signatures: Words = []


class Outlets(Shape):
    """``outlets.yaml``, read by ``newsfacts.cleanup``: outlet names and their signatures."""

    outlets: list[Outlet]


ColumnNames = Word | SomeWords


class ExportColumns(Shape):
    """``export_columns.yaml``, read by ``newsfacts.sources.exports``: column names per field."""

    text: ColumnNames
    title: ColumnNames
    url: ColumnNames
    published: ColumnNames
    outlet: ColumnNames
    author: ColumnNames
    language: ColumnNames


# --- entities/ --------------------------------------------------------------------------


class Demonym(Shape):
    name: Word
    country: CountryCode | None = None
    forms: Words = []


class Demonyms(RootModel[list[Demonym]]):
    """``entities/demonyms.yaml``, read by the entity lexicon, events and stories."""

    model_config = ConfigDict(strict=True)


class NamePatterns(Shape):
    """``entities/name_patterns.yaml``, read by ``newsfacts.entities.lexicon``."""

    hyphen_particles: Words = []
    spaced_particles: Words = []
    person_openers: Words = []
    org_heads: Words = []
    org_openers: Words = []
    other_heads: Words = []
    facility_heads: Words = []
    org_words: Words = []
    org_after_the: list[Follower] = []
    place_heads: Words = []
    org_evidence_after: Words = []
    org_followers: Words = []
    locatives: Words = []
    min_bare_town_population: Count = 0
    place_openers: Words = []
    place_followers: Words = []
    connectors: Words = []
    title_case_inner: Words = []
    not_names: Words = []
    given_names: Words = []
    surname_words: Words = []
    compass_words: Words = []


class Organisation(Shape):
    name: Word
    type: EntityType = "ORG"
    aliases: Words = []


class Organisations(RootModel[Annotated[list[Organisation], Field(min_length=1)]]):
    """``entities/organisations.yaml``, read by ``newsfacts.entities.lexicon``."""

    model_config = ConfigDict(strict=True)


class Place(Shape):
    name: Word
    kind: PlaceKind
    entity_type: EntityType
    country_code: CountryCode | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    population: Count | None = None
    aliases: Words = []


class Places(Shape):
    """``entities/places.yaml``, read by ``newsfacts.gazetteer`` and the entity lexicon."""

    not_places: Words = []
    admin_words: Words = []
    aliases: dict[Word, Word] = {}
    places: list[Place] = []


class QuoteCues(Shape):
    """``entities/quote_cues.yaml``, read by ``newsfacts.quotes``."""

    cues: Annotated[dict[Word, Word], Field(min_length=1)]
    pronouns: Words
    personal_pronouns: Words
    clause_breaks: Words
    prepositions: Words
    person_nouns: Words
    organisation_nouns: Words
    generic_organisation_nouns: Words
    institution_nouns: Words
    representative_nouns: Words
    indefinites: Words
    min_unattributed_words: Count
    max_attribution_words: Count
    gendered_pronouns: dict[Word, Gender]
    gendered_titles: dict[Word, Gender]
    passive_auxiliaries: Words


class Titles(Shape):
    """``entities/titles.yaml``, read by ``newsfacts.entities.lexicon``."""

    titles: SomeWords
    honorifics: Words = []
    abbreviations: dict[Word, Word] = {}


# --- events/ ----------------------------------------------------------------------------


class EventContext(Shape):
    """``events/context.yaml``, read by ``newsfacts.events.lexicon``."""

    min_violence_cues: Count
    violence_cues: Words
    non_violent_causes: Words
    min_fiction_cues: Count
    fiction_cues: Words
    role_phrases: Words
    effects_cues: Words
    min_hunting_cues: Count
    hunting_cues: Words
    affecting_events: Words
    min_disaster_cues: Count
    disaster_cues: Words
    fictional_modifiers: Words
    depiction_verbs: Words
    agentless_deaths: Words
    min_computing_cues: Count
    computing_cues: Words
    work_cues: Words
    justice_cues: Words
    score_words: Words
    abstract_objects: Words
    physical_targets: Words
    walkout_words: Words
    labour: Words
    body_parts: Words
    personnel: Words
    assailants: Words
    place_prepositions: Words
    place_nouns: Words
    site_nouns: Words
    divisions: dict[Word, GeoPrecision]
    vicinity: Words
    place_modifiers: Words
    reporting: Words
    anaphora: Words
    light_verbs: Words


class Modality(Shape):
    """``events/modality.yaml``, read by ``newsfacts.events.lexicon``."""

    window: Count
    planned: Words
    hypothetical: Words
    negated: Words
    negated_after: Words
    negated_after_window: Count
    planned_after: Words
    breakers: Words
    risk_verbs: Words


class Trigger(Shape):
    phrases: SomeWords
    pos: Literal["noun", "verb", "victim"] = "noun"
    mode: Word | None = None
    ambiguous: bool = False
    after: Words = []
    window: Count = 0


class Triggers(Shape):
    """``events/triggers.yaml``, read by ``newsfacts.events.lexicon``: one key per PLOVER type."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, list[Trigger]] = Field(init=False)

    ignore: Words = []

    @model_validator(mode="after")
    def _event_types(self) -> Triggers:
        for key in self.__pydantic_extra__:
            _one_of(EVENT_TYPES, "event type (top-level key)")(key)
        return self


# --- figures/ ---------------------------------------------------------------------------


class FigureCategories(Shape):
    """``figures/categories.yaml``, read by ``newsfacts.figures.lexicon``."""

    events: dict[Category, Words]
    nouns: dict[Category, Words]
    strike_verbs: Words
    site_nouns: Words
    demonym_endings: Words
    time_units: Words
    currency_signs: Words
    currency_codes: Words
    currency_words: Words
    percent_words: Words


class FigureContext(Shape):
    """``figures/context.yaml``, read by ``newsfacts.figures.lexicon``."""

    stop_words: Words
    determiners: Words
    pre_noun_words: Words
    bridges: Words
    auxiliaries: Words
    plural_nouns: Words
    reporting_verbs: Words
    source_openers: Words
    pronouns: Words
    aside_openers: Words
    subset_markers: Words
    place_modifiers: Words
    place_kinds: Words
    place_prepositions: Words


class ScaleSuffix(Shape):
    factor: Factor
    money_only: bool = False


class VagueQuantity(Shape):
    min: Annotated[float, Field(ge=0)]
    needs_of: bool = False


class Numbers(Shape):
    """``figures/numbers.yaml``, read by ``newsfacts.figures.lexicon``."""

    cardinal_words: SomeWords
    scale_words: dict[Word, Factor]
    scale_suffixes: dict[Word, ScaleSuffix]
    vague: dict[Word, VagueQuantity]
    one_blockers: Words
    months: Words
    weekdays: Words
    clock_words: Words
    phone_numbers: Words
    phone_words: Words
    result_words: Words
    year_range: Annotated[list[int], Field(min_length=2, max_length=2)]

    @field_validator("year_range")
    @classmethod
    def _ordered_years(cls, years: list[int]) -> list[int]:
        if years[0] > years[1]:
            raise ValueError(f"the first year must not be after the second (got {years})")
        return years


class Range(Shape):
    open: Words
    join: Words
    change_verbs: Words


class Qualifiers(Shape):
    """``figures/qualifiers.yaml``, read by ``newsfacts.figures.lexicon``."""

    before: dict[Qualifier, Words]
    after: dict[Qualifier, Words]
    particle_verbs: Words
    range: Range


# --- stories/ ---------------------------------------------------------------------------


class Affiliations(RootModel[dict[CountryCode, SomeWords]]):
    """``stories/affiliations.yaml``, read by ``newsfacts.stories.parties``: bodies per state."""

    model_config = ConfigDict(strict=True)


class Claims(Shape):
    """``stories/claims.yaml``, read by ``newsfacts.claims``."""

    report_window_days: Count
    hedge_tolerance: Annotated[float, Field(ge=0)]
    hedged_qualifiers: Words
    noun_synonyms: list[SomeWords]


class Evidence(Shape):
    same_day: Count
    same_week: Count
    same_place: Count
    same_country: Count
    same_party: Count
    same_state: Count
    same_mode: Count
    same_toll: Count
    same_small_toll: Count
    same_weekday: Count


class Clustering(Shape):
    """``stories/clustering.yaml``, read by ``newsfacts.stories.settings``."""

    day_tolerance_days: Count
    week_radius_days: Count
    undated_horizon_days: Count
    region_radius_km: Distance
    same_place_km: Distance
    nearby_km: Distance
    distinctive_toll: Count
    toll_ratio: Annotated[float, Field(gt=0)]
    said_types: list[EventType]
    min_evidence: Count
    evidence: Evidence
    mode_families: list[SomeWords]
    purpose_modes: Words


# Every reference file and its model; a file the folder holds that is not listed
# here is reported, so a new file gets a schema before the pipeline reads it.
SCHEMAS: dict[str, type[BaseModel]] = {
    "abbreviations.yaml": Abbreviations,
    "boilerplate.yaml": Boilerplate,
    "export_columns.yaml": ExportColumns,
    "outlets.yaml": Outlets,
    "entities/demonyms.yaml": Demonyms,
    "entities/name_patterns.yaml": NamePatterns,
    "entities/organisations.yaml": Organisations,
    "entities/places.yaml": Places,
    "entities/quote_cues.yaml": QuoteCues,
    "entities/titles.yaml": Titles,
    "events/context.yaml": EventContext,
    "events/modality.yaml": Modality,
    "events/triggers.yaml": Triggers,
    "figures/categories.yaml": FigureCategories,
    "figures/context.yaml": FigureContext,
    "figures/numbers.yaml": Numbers,
    "figures/qualifiers.yaml": Qualifiers,
    "stories/affiliations.yaml": Affiliations,
    "stories/claims.yaml": Claims,
    "stories/clustering.yaml": Clustering,
}
