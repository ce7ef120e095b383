"""Access to the user-extendable reference data under ``data/reference/``.

World knowledge (boilerplate phrases, lexicons, organisations, titles...) is
kept out of the code so that users can extend it for their own corpora; the
fingerprint of these files is part of every stage's version, so editing one
recomputes everything that depends on it.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def reference_dir() -> Path:
    """The reference folder; ``NEWSFACTS_REFERENCE_DIR`` overrides the bundled one."""
    return Path(os.environ.get("NEWSFACTS_REFERENCE_DIR", PROJECT_ROOT / "data" / "reference"))


@cache
def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def reference_path(name: str) -> Path:
    """The file a reference name (``figures/numbers.yaml``) stands for."""
    path = reference_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"reference file missing: {path}")
    return path


def load_yaml(name: str) -> Any:
    """Load ``data/reference/<name>`` (a YAML file), cached for the process."""
    return _load(reference_path(name))


def reference_fingerprint() -> str:
    """A hash of every reference file, so a changed lexicon invalidates caches."""
    digest = hashlib.sha256()
    root = reference_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
