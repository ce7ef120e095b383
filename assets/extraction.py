"""Extraction assets: entities and mentions, quotes, events, figures."""

from assets.factory import stage_asset
from newsfacts.extraction_stages import run_entities, run_events, run_figures, run_quotes

entities = stage_asset(
    "entity_resolution",
    {
        "entities": "Canonical people, organisations and places, with every spelling seen.",
        "mentions": "Every name mention, linked to its entity, with exact offsets.",
    },
    run_entities,
    deps=["articles", "sentences"],
    group="extraction",
    description="Find names per document (cached), then resolve them across documents.",
)

quotes = stage_asset(
    "quote_extraction",
    {"quotes": "Quotations with their speakers."},
    run_quotes,
    deps=["sentences", "mentions", "entities"],
    group="extraction",
    description="Quotations and speakers per document (cached), speakers as entity ids.",
)

events = stage_asset(
    "event_extraction",
    {"events": "Event mentions typed with PLOVER, with participants, date and place."},
    run_events,
    deps=["articles", "sentences", "mentions", "entities"],
    group="extraction",
    description="Events per document (cached): type, modality, actor/target, date, place.",
)

figures = stage_asset(
    "figure_extraction",
    {"figures": "Every reported number, typed, bounded and categorised."},
    run_figures,
    deps=["sentences", "events"],
    group="extraction",
    description="Figures per document (cached), linked to the events they quantify.",
)
