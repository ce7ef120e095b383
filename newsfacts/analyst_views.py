"""Ready-made DuckDB views answering the questions analysts ask of the dataset.

Each value is the body of a ``CREATE VIEW <name> AS ...`` over the base views
named like the contract tables (articles, sentences, figures, events,
story_events, figure_claims, quotes, entities, mentions). A source is named by
its outlet, or by its file when the outlet is unknown, so that no row loses its
provenance.
"""

from __future__ import annotations

_SOURCE = "coalesce(a.outlet, a.source_path)"

STORY_TIMELINE = f"""
WITH members AS (
    SELECT story_event_id, unnest(event_ids) AS event_id FROM story_events
)
SELECT
    s.story_event_id,
    s.event_date,
    s.date_precision,
    s.event_type,
    s.mode,
    s.location_id,
    s.location_name,
    place.name AS location_canonical,
    s.country_code,
    s.geo_precision,
    s.actor_name,
    s.target_name,
    s.n_docs,
    s.fatalities,
    s.fatalities_min,
    s.fatalities_max,
    list(DISTINCT {_SOURCE} ORDER BY {_SOURCE}) AS sources,
    list(DISTINCT e.actor_name ORDER BY e.actor_name)
        FILTER (WHERE e.actor_name IS NOT NULL) AS actors,
    list(DISTINCT e.target_name ORDER BY e.target_name)
        FILTER (WHERE e.target_name IS NOT NULL) AS targets,
    list(DISTINCT lower(e.trigger) ORDER BY lower(e.trigger)) AS triggers,
    min(a.published_date) AS first_reported,
    max(a.published_date) AS last_reported,
    s.notes
FROM story_events AS s
JOIN members AS m ON m.story_event_id = s.story_event_id
JOIN events AS e ON e.event_id = m.event_id
JOIN articles AS a ON a.doc_id = e.doc_id
LEFT JOIN entities AS place ON place.entity_id = s.location_id
GROUP BY ALL
ORDER BY s.event_date NULLS LAST, s.story_event_id
"""

CONTESTED_FIGURES = f"""
WITH members AS (
    SELECT claim_id, unnest(figure_ids) AS figure_id FROM figure_claims WHERE NOT consistent
)
SELECT
    c.claim_id,
    c.category,
    c.location,
    c.quantity_noun,
    c.n_docs,
    c.value_min AS claim_value_min,
    c.value_max AS claim_value_max,
    f.figure_id,
    f.doc_id,
    {_SOURCE} AS source,
    a.published_date,
    f.surface,
    f.value,
    f.qualifier,
    f.value_min,
    f.value_max,
    f.source_name,
    sen.text AS sentence
FROM members AS m
JOIN figure_claims AS c ON c.claim_id = m.claim_id
JOIN figures AS f ON f.figure_id = m.figure_id
JOIN articles AS a ON a.doc_id = f.doc_id
LEFT JOIN sentences AS sen ON sen.doc_id = f.doc_id AND sen.sentence_idx = f.sentence_idx
ORDER BY c.category, c.claim_id, a.published_date NULLS LAST, f.figure_id
"""

WHO_SAID_WHAT = f"""
SELECT
    coalesce(q.speaker_name, q.speaker_surface) AS speaker_name,
    q.speaker_id,
    q.speaker_surface,
    count(DISTINCT {_SOURCE}) OVER (
        PARTITION BY coalesce(q.speaker_id, q.speaker_surface)
    ) AS n_sources,
    {_SOURCE} AS source,
    a.published_date,
    q.cue,
    q.text,
    q.quote_id,
    q.doc_id,
    q.char_start,
    q.char_end
FROM quotes AS q
JOIN articles AS a ON a.doc_id = q.doc_id
ORDER BY speaker_name NULLS LAST, a.published_date NULLS LAST, q.quote_id
"""

ENTITY_ALIASES = f"""
SELECT
    ent.entity_id,
    ent.name,
    ent.entity_type,
    {_SOURCE} AS source,
    m.surface,
    count(*) AS n_mentions,
    min(m.doc_id) AS example_doc_id
FROM mentions AS m
JOIN entities AS ent ON ent.entity_id = m.entity_id
JOIN articles AS a ON a.doc_id = m.doc_id
GROUP BY ALL
ORDER BY ent.entity_id, source, m.surface
"""

ANALYST_VIEWS: dict[str, str] = {
    "story_timeline": STORY_TIMELINE,
    "contested_figures": CONTESTED_FIGURES,
    "who_said_what": WHO_SAID_WHAT,
    "entity_aliases": ENTITY_ALIASES,
}
