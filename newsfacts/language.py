"""Which language a document is in, and whether the extractors can read it.

The extractors' rules and lexicons are English. Text in another language
would give garbage events and figures, so such documents keep their
``articles``, ``sentences`` and ``boilerplate`` rows but are not extracted.

Detection uses py3langid, measured against lingua-language-detector 2.1 on
1,200 English snippets of the BBC texts (headlines, 60 and 150 characters of
body, whole articles) and 51 one-sentence news texts in 15 other languages:
both are right on every snippet of 150 characters or more and on every
non-English sentence, and py3langid is 46 times faster (2,700 texts/s against
59). On headlines alone both err (py3langid 16 %, lingua 8 %), always with low
confidence: with ``MIN_CONFIDENCE`` and two-letter codes only, every English
snippet is English and 49 of the 51 other sentences are recognised.
"""

from __future__ import annotations

import hashlib
import json
import logging
import struct
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from newsfacts.model import CleanDocument
from newsfacts.paths import cached_file

LOG = logging.getLogger(__name__)
EXTRACTED_LANGUAGES = frozenset({"en"})
DEFAULT_LANGUAGE = "en"
# A verdict below this normalised probability is no evidence. Measured on the
# set above: wrong verdicts on English headlines all fall below 0.54, while
# one-sentence texts in other languages mostly score above 0.9.
MIN_CONFIDENCE = 0.6
# Only the start of a document is read: every snippet of 150 characters or more
# was identified in the measurement above, and the model's time grows linearly
# with the text (on the project's machine, under load: 3 ms for 500 characters,
# 15 ms for 3,000).
DETECTION_CHARS = 500


@cache
def _identifier() -> Any:
    """The model, mapped from the cache folder once it has been read from its package.

    py3langid ships it LZMA-compressed, and decompressing it took 1 to 2 s in
    every process that detects a language: each worker of a build, and every
    run that reads a new article. The decoded arrays are kept in the cache
    folder, which only this project writes, and mapped into memory: a process
    reads only the pages of the rows its texts touch, where loading a pickle of
    the whole model read 92 MB (0.1 s when the file was in the page cache, much
    more when it was not).
    """
    path = cached_file("langid", _model_fingerprint(), ".arrays", _write_identifier)
    try:
        return _mapped_identifier(path)
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as error:
        LOG.warning("language model cache %s unreadable (%s); reading the package", path, error)
        return _read_identifier()


def _read_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # The contract stores ISO 639-1: languages without a two-letter code (and
    # the model's "no language" label) are left out of the candidates.
    identifier.set_languages([code for code in identifier.labels if len(code) == 2])
    return identifier


# The arrays of a model file: a little-endian header length, a JSON header (the
# labels, and each array's dtype, shape and offset), then the arrays, each aligned.
_HEADER_LENGTH = struct.Struct("<Q")
_ALIGN = 64


def _write_identifier(path: Path) -> None:
    identifier = _read_identifier()
    arrays = {
        "nb_ptc": np.ascontiguousarray(identifier.nb_ptc),
        "nb_pc": np.ascontiguousarray(identifier.nb_pc),
        "tk_nextmove": np.asarray(identifier.tk_nextmove),
        "tk_row": np.asarray(identifier.tk_row),
        "tk_output": np.asarray(identifier.tk_output, dtype=np.int32),
    }
    layout: dict[str, dict[str, Any]] = {}
    offset = 0
    for name, array in arrays.items():
        offset = _aligned(offset)
        layout[name] = {"dtype": array.dtype.str, "shape": array.shape, "offset": offset}
        offset += array.nbytes
    header = json.dumps({"labels": list(identifier.nb_classes), "arrays": layout}).encode()
    start = _aligned(_HEADER_LENGTH.size + len(header))
    with path.open("wb") as file:
        file.write(_HEADER_LENGTH.pack(len(header)) + header)
        for name, array in arrays.items():
            file.seek(start + layout[name]["offset"])
            file.write(array.tobytes())
    for pickled in path.parent.glob("langid-*.pickle"):  # 92 MB each, left by older versions
        pickled.unlink(missing_ok=True)


def _aligned(offset: int) -> int:
    return -(-offset // _ALIGN) * _ALIGN


def _mapped_identifier(path: Path) -> Any:
    from py3langid.langid import LanguageIdentifier

    with path.open("rb") as file:
        (length,) = _HEADER_LENGTH.unpack(file.read(_HEADER_LENGTH.size))
        header = json.loads(file.read(length).decode("utf-8"))
    start = _aligned(_HEADER_LENGTH.size + length)
    # Plain array views of the map: indexing a ``np.memmap`` goes through Python code
    # for each element, which tripled the time of a detection.
    arrays = {
        name: np.asarray(
            np.memmap(
                path,
                dtype=np.dtype(spec["dtype"]),
                mode="r",
                offset=start + spec["offset"],
                shape=tuple(spec["shape"]),
            )
        )
        for name, spec in header["arrays"].items()
    }
    return LanguageIdentifier(
        arrays["nb_ptc"],
        arrays["nb_pc"],
        header["labels"],
        arrays["tk_nextmove"],
        arrays["tk_output"].tolist(),
        norm_probs=True,
        tk_row=arrays["tk_row"].tolist(),
    )


def _model_fingerprint() -> str:
    """The package's version and model file, and this module: what the cached arrays are made of."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    model = MODEL_DIR / MODEL_FILE
    digest = hashlib.sha256(metadata.version("py3langid").encode())
    digest.update(f"{model.stat().st_size}:{model.stat().st_mtime_ns}".encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def detect_language(text: str, declared: str | None = None) -> str:
    """ISO 639-1 code of ``text``; ``declared`` (what the source says) when detection is unsure."""
    fallback = _iso639_1(declared) or DEFAULT_LANGUAGE
    if not any(ch.isalpha() for ch in text):
        return fallback
    code, confidence = _identifier().classify(text[:DETECTION_CHARS])
    return str(code) if confidence >= MIN_CONFIDENCE else fallback


def _iso639_1(value: str | None) -> str | None:
    """ "en-GB", "EN", "en_US" -> "en"; anything without a two-letter code -> None."""
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def is_extractable(document: CleanDocument) -> bool:
    """Whether the extractors (mentions, quotes, events, figures) read this document."""
    return document.language in EXTRACTED_LANGUAGES
