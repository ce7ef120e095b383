"""Every stage declared once: what it reads and writes, which code and reference data it runs.

From these declarations come the cache versions (a stage's outputs are reused
only while the hash of its code, its reference files and its upstream
stages' versions is unchanged), the Dagster assets' dependencies and their
``code_version``. ``tests/test_stage_declarations.py`` compares each stage's
declared code with the modules its entry module really imports
(transitively) and its declared reference files with the files it really
loads, so the declarations cannot drift from the code.

``code`` names ``newsfacts`` modules or packages (a package stands for every
module below it); ``reference`` names files under the reference folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from newsfacts.reference import PROJECT_ROOT, reference_path

PACKAGE_ROOT = PROJECT_ROOT

_BASE_CODE = ("newsfacts", "newsfacts.reference", "newsfacts.model", "newsfacts.schemas")


@dataclass(frozen=True)
class Stage:
    """One unit of versioned work.

    ``kind`` is ``per_document`` (cached per batch of documents, run by the
    document map) or ``cross_document`` (derived from every document's rows,
    updated incrementally). ``entry`` is the module that runs the stage; its
    import closure must equal ``code``.
    """

    name: str
    kind: str
    entry: str
    code: tuple[str, ...]
    reference: tuple[str, ...]
    upstream: tuple[str, ...] = ()
    cache: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssetDeclaration:
    """A Dagster asset: the stages it runs, the tables it publishes and those it reads."""

    name: str
    stages: tuple[str, ...]
    writes: tuple[str, ...]
    reads: tuple[str, ...]
    group: str
    description: str


_PLACES = ("entities/places.yaml",)
_ENTITY_LISTS = (
    "entities/demonyms.yaml",
    "entities/name_patterns.yaml",
    "entities/organisations.yaml",
    "entities/places.yaml",
    "entities/titles.yaml",
)

STAGES: tuple[Stage, ...] = (
    Stage(
        "documents",
        "per_document",
        "newsfacts.stages.per_document.documents",
        code=(
            *_BASE_CODE,
            "newsfacts.stages",
            "newsfacts.stages.per_document",
            "newsfacts.stages.per_document.documents",
            "newsfacts.ingest",
            "newsfacts.seed_listing",
            "newsfacts.documents",
            "newsfacts.cleanup",
            "newsfacts.date_lines",
            "newsfacts.dates",
            "newsfacts.sentences",
            "newsfacts.signatures",
            "newsfacts.sources",
            "newsfacts.language",
            "newsfacts.paths",
        ),
        reference=(
            "boilerplate.yaml",
            "outlets.yaml",
            "abbreviations.yaml",
            "export_columns.yaml",
        ),
        cache=(
            "articles",
            "boilerplate",
            "sentences",
            "rejects",
            "signatures",
            "skipped_records",
        ),
    ),
    Stage(
        "mentions",
        "per_document",
        "newsfacts.stages.per_document.mentions",
        code=(
            "newsfacts",
            "newsfacts.reference",
            "newsfacts.model",
            "newsfacts.stages",
            "newsfacts.stages.per_document",
            "newsfacts.stages.per_document.mentions",
            "newsfacts.entities",
            "newsfacts.entities.extract",
            "newsfacts.entities.discover",
            "newsfacts.entities.lexicon",
            "newsfacts.gazetteer",
            "newsfacts.paths",
            "newsfacts.names",
        ),
        reference=_ENTITY_LISTS,
        upstream=("documents",),
        cache=("mention_candidates",),
    ),
    Stage(
        "figures",
        "per_document",
        "newsfacts.stages.per_document.figures",
        code=(
            *_BASE_CODE,
            "newsfacts.stages",
            "newsfacts.stages.per_document",
            "newsfacts.stages.per_document.figures",
            "newsfacts.figures",
        ),
        reference=(
            "figures/categories.yaml",
            "figures/context.yaml",
            "figures/numbers.yaml",
            "figures/qualifiers.yaml",
        ),
        upstream=("documents",),
        cache=("figure_rows",),
    ),
    Stage(
        "quotes",
        "per_document",
        "newsfacts.stages.per_document.quotes",
        code=(
            *_BASE_CODE,
            "newsfacts.stages",
            "newsfacts.stages.per_document",
            "newsfacts.stages.per_document.quotes",
            "newsfacts.quotes",
            "newsfacts.entities",
            "newsfacts.entities.lexicon",
            "newsfacts.names",
        ),
        reference=("entities/quote_cues.yaml", *_ENTITY_LISTS),
        upstream=("documents", "mentions"),
        cache=("quote_rows",),
    ),
    Stage(
        "events",
        "per_document",
        "newsfacts.stages.per_document.events",
        code=(
            *_BASE_CODE,
            "newsfacts.stages",
            "newsfacts.stages.per_document",
            "newsfacts.stages.per_document.events",
            "newsfacts.events",
            "newsfacts.figures",
            "newsfacts.dates",
            "newsfacts.gazetteer",
            "newsfacts.paths",
            "newsfacts.names",
        ),
        reference=(
            "events/context.yaml",
            "events/modality.yaml",
            "events/triggers.yaml",
            "entities/demonyms.yaml",
            *_PLACES,
            "figures/categories.yaml",
            "figures/context.yaml",
            "figures/numbers.yaml",
            "figures/qualifiers.yaml",
        ),
        upstream=("documents", "mentions", "figures"),
        cache=("event_rows", "figure_links"),
    ),
    Stage(
        "duplicates",
        "cross_document",
        "newsfacts.duplicates",
        code=("newsfacts", "newsfacts.duplicates", "newsfacts.signatures"),
        reference=(),
        upstream=("documents",),
    ),
    Stage(
        "entity_resolution",
        "cross_document",
        "newsfacts.stages.cross_document.entities",
        code=(
            *_BASE_CODE,
            "newsfacts.stages",
            "newsfacts.stages.cross_document",
            "newsfacts.stages.cross_document.entities",
            "newsfacts.entities",
            "newsfacts.entities.resolve",
            "newsfacts.entities.index_store",
            "newsfacts.entities.lexicon",
            "newsfacts.names",
        ),
        reference=_ENTITY_LISTS,
        upstream=("mentions",),
    ),
    Stage(
        "stories",
        "cross_document",
        "newsfacts.stages.cross_document.stories",
        code=(
            *_BASE_CODE,
            "newsfacts.stages",
            "newsfacts.stages.cross_document",
            "newsfacts.stages.cross_document.stories",
            "newsfacts.stories",
            "newsfacts.sqlite_store",
            "newsfacts.dates",
            "newsfacts.gazetteer",
            "newsfacts.paths",
            "newsfacts.names",
            "newsfacts.sentences",
        ),
        reference=(
            "stories/clustering.yaml",
            "stories/affiliations.yaml",
            "entities/demonyms.yaml",
            *_PLACES,
            "abbreviations.yaml",
        ),
        upstream=("events", "entity_resolution", "duplicates"),
    ),
    Stage(
        "claims",
        "cross_document",
        "newsfacts.stages.cross_document.claims",
        code=(
            "newsfacts",
            "newsfacts.reference",
            "newsfacts.schemas",
            "newsfacts.stages",
            "newsfacts.stages.cross_document",
            "newsfacts.stages.cross_document.claims",
            "newsfacts.claims",
            "newsfacts.sqlite_store",
        ),
        reference=("stories/claims.yaml",),
        upstream=("figures", "events", "stories", "duplicates"),
    ),
)

BY_NAME = {stage.name: stage for stage in STAGES}
PER_DOCUMENT = tuple(stage.name for stage in STAGES if stage.kind == "per_document")

ASSETS: tuple[AssetDeclaration, ...] = (
    AssetDeclaration(
        "documents",
        ("documents", "duplicates"),
        writes=("articles", "boilerplate", "sentences", "rejects"),
        reads=(),
        group="documents",
        description="Decode, clean and split new or changed input files; find syndicated copies.",
    ),
    AssetDeclaration(
        "entity_resolution",
        ("mentions", "entity_resolution"),
        writes=("entities", "mentions"),
        reads=("articles", "sentences"),
        group="extraction",
        description="Find names per document (cached), then resolve them across documents.",
    ),
    AssetDeclaration(
        "quote_extraction",
        ("quotes",),
        writes=("quotes",),
        reads=("sentences", "mentions", "entities"),
        group="extraction",
        description="Quotations and speakers per document (cached), speakers as entities.",
    ),
    AssetDeclaration(
        "event_extraction",
        ("events",),
        writes=("events",),
        reads=("articles", "sentences", "mentions", "entities"),
        group="extraction",
        description="Events per document (cached): type, modality, actor/target, date, place.",
    ),
    AssetDeclaration(
        "figure_extraction",
        ("figures",),
        writes=("figures",),
        reads=("sentences", "events", "mentions"),
        group="extraction",
        description="Figures per document (cached), linked to the events they quantify.",
    ),
    AssetDeclaration(
        "story_clustering",
        ("stories",),
        writes=("story_events",),
        reads=("events", "articles", "sentences", "entities"),
        group="across_sources",
        description="Cluster event mentions across documents into real-world events.",
    ),
    AssetDeclaration(
        "claim_grouping",
        ("claims",),
        writes=("figure_claims",),
        reads=("figures", "articles", "story_events"),
        group="across_sources",
        description="Group figures reporting the same quantity and flag disagreement.",
    ),
)

PUBLISHED_TABLES: tuple[str, ...] = tuple(t for asset in ASSETS for t in asset.writes)


def module_files(name: str) -> list[Path]:
    """The source files a declared module or package stands for."""
    base = PACKAGE_ROOT.joinpath(*name.split("."))
    if base.is_dir():
        return sorted(p for p in base.rglob("*.py") if "__pycache__" not in p.parts)
    return [base.with_suffix(".py")]


def stage_versions() -> dict[str, str]:
    """Every stage's version: the hash of its code, reference files and upstream versions.

    Computed afresh on each call (a few dozen small files), so an edited
    lexicon is seen by the next build of a long-running process.
    """
    versions: dict[str, str] = {}
    for stage in STAGES:  # declared in dependency order
        digest = hashlib.sha256(stage.name.encode())
        files = {path for module in stage.code for path in _covered(module, stage.code)}
        for path in sorted(files):
            digest.update(str(path.relative_to(PACKAGE_ROOT)).encode())
            digest.update(path.read_bytes())
        for ref in sorted(stage.reference):
            digest.update(ref.encode())
            digest.update(reference_path(ref).read_bytes())
        for upstream in stage.upstream:
            digest.update(versions[upstream].encode())
        versions[stage.name] = digest.hexdigest()[:16]
    return versions


def _covered(module: str, declared: tuple[str, ...]) -> list[Path]:
    """The files of ``module``: a package declared alongside its own submodules stands
    for its ``__init__`` only; a package declared alone stands for everything below it."""
    base = PACKAGE_ROOT.joinpath(*module.split("."))
    if base.is_dir() and any(other.startswith(module + ".") for other in declared):
        return [base / "__init__.py"]
    return module_files(module)


def asset_code_version(asset: AssetDeclaration, versions: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for stage in asset.stages:
        digest.update(versions[stage].encode())
    return digest.hexdigest()[:16]
