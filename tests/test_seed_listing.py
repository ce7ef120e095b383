"""One listing of the seeds folder serves the scan, the folder fingerprint and the scan memo."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.ingest import is_candidate_name, scan_seeds
from newsfacts.paths import Paths
from newsfacts.seed_listing import list_folder
from newsfacts.seed_watch import folder_state
from newsfacts.stages.freshness import listed_for_build, scan, seeds_fingerprint

SEEDS = "seeds"
FILES = {
    "a.txt": b"Rain fell on Tarnow on Monday.\n",
    "a.json": json.dumps({"title": "Rain in Tarnow"}).encode(),
    "b.html": b"<html><body><p>The council met in Marlow.</p></body></html>",
    "b.meta.json": b"{not json",
    ".hidden.txt": b"a hidden file",
    "draft.txt~": b"an editor leftover",
    ".cache/kept.txt": b"a file in a hidden folder",
    "x/y.txt": b"Below x.\n",
    "x-1.txt": b"Beside x, with a dash.\n",
    "x.txt": b"Beside x, with a dot.\n",
    "nested/metadata.csv": b"file,outlet\ndeep/c.txt,Deep Post\nd.txt,Near Post\n,No File\n",
    "nested/d.txt": b"Snow in Lodz.\n",
    "nested/deep/c.txt": b"Fog in Gdansk.\n",
    "nested/deep/metadata.jsonl": b'{"file": "c.txt", "outlet": "Nearest Post"}\n',
    "exports/news.jsonl": b'{"body": "Ferry service resumes.", "headline": "Ferries"}\n',
    "exports/export_columns.yaml": b"text: body\ntitle: headline\n",
    "bad/export_columns.yaml": b"- not a mapping\n",
}
OUTSIDE = {"secret.txt": b"Not for the warehouse.\n"}
LINKS = {  # below the seeds folder -> what the link says
    "alias.txt": "a.txt",
    "nested_again": "nested",
    "broken.txt": "missing.txt",
    "secret.txt": "../outside/secret.txt",
    "elsewhere": "../outside",
    "gone.txt": "../nowhere.txt",
}


def _every_kind(root: Path) -> Path:
    """A seeds folder with every kind of entry, each file modified at its own fixed time."""
    seeds = root / SEEDS
    for folder, files in ((seeds, FILES), (root / "outside", OUTSIDE)):
        for number, (name, data) in enumerate(sorted(files.items())):
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            stamp = 1_700_000_000_000_000_000 + number * 1_000_000_007
            os.utime(path, ns=(stamp, stamp))
    (seeds / "empty").mkdir()
    for name, target in LINKS.items():
        (seeds / name).symlink_to(target)
    return seeds


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


# What the scan gives for ``_every_kind``, in path order (by parts: "x/y.txt" before "x-1.txt"):
# (path, the bytes hashed (a link out: what it says), companions, article, rejects, the outlet
# or title stated). A file's size is that of its bytes; a link out is listed with size 0.
# Sidecars, valid tables and configs are companions, not listed; hidden files, leftovers,
# hidden folders, links to folders inside and broken links inside are not listed either.
EXPECTED = [
    ("a.txt", FILES["a.txt"], ["a.json"], True, [], "Rain in Tarnow"),
    ("alias.txt", FILES["a.txt"], [], True, [], None),
    ("b.html", FILES["b.html"], ["b.meta.json"], True, [("b.meta.json", "unparseable")], None),
    ("bad/export_columns.yaml", FILES["bad/export_columns.yaml"], [], False,
     [("bad/export_columns.yaml", "unparseable")], None),
    ("elsewhere", "../outside", [], False, [("elsewhere", "unsupported_type")], None),
    ("exports/news.jsonl", FILES["exports/news.jsonl"], ["exports/export_columns.yaml"], True,
     [], None),
    ("gone.txt", "../nowhere.txt", [], False, [("gone.txt", "unsupported_type")], None),
    ("nested/d.txt", FILES["nested/d.txt"], ["nested/metadata.csv"], True, [], "Near Post"),
    ("nested/deep/c.txt", FILES["nested/deep/c.txt"],
     ["nested/metadata.csv", "nested/deep/metadata.jsonl"], True, [], "Nearest Post"),
    ("nested/metadata.csv", FILES["nested/metadata.csv"], [], False,
     [("nested/metadata.csv", "unparseable")], None),
    ("secret.txt", "../outside/secret.txt", [], False, [("secret.txt", "unsupported_type")], None),
    ("x/y.txt", FILES["x/y.txt"], [], True, [], None),
    ("x-1.txt", FILES["x-1.txt"], [], True, [], None),
    ("x.txt", FILES["x.txt"], [], True, [], None),
]  # fmt: skip

# Produced for ``_every_kind`` by the scan and the folder fingerprint as they were before the
# folder was listed once for both (one walk each, path objects): they must not change.
COMPANION_DIGESTS = {
    "a.txt": "265b4531f30d43f9",
    "b.html": "2bb8c750ac1e33b9",
    "exports/news.jsonl": "58a709faf514913b",
    "nested/d.txt": "47809b4564ba232b",
    "nested/deep/c.txt": "0ad8817a72200a84",
}
SEEDS_FINGERPRINT = "e62b6c656345b2f2"
FOLDER_FINGERPRINT = "8290cd48a983969644c17ba5d0e32095"
NEWEST = ("x/y.txt", (1_700_000_000_000_000_000 + 16 * 1_000_000_007) / 1e9)  # the last stamped


def test_one_listing_gives_the_seed_files_and_fingerprints_of_every_kind_of_entry(
    tmp_path: Path,
) -> None:
    seeds = _every_kind(tmp_path)
    listing = list_folder(seeds)
    scanned = scan_seeds(seeds, None, listing)
    found = [
        (
            s.source_path,
            s.size,
            s.sha256,
            [c.relative_to(seeds).as_posix() for c in s.companions],
            s.article,
            [(r.source_path, r.reason) for r in s.problems],
            s.metadata.text("outlet") or s.metadata.text("title"),
        )
        for s in scanned
    ]
    assert found == [
        (path, len(data) if isinstance(data, bytes) else 0, _sha(data), *rest)
        for path, data, *rest in EXPECTED
    ]
    assert all(s.path == seeds / s.source_path for s in scanned)
    assert {s.source_path: s.companion_digest for s in scanned if s.companion_digest} == (
        COMPANION_DIGESTS
    )
    assert seeds_fingerprint(scanned) == SEEDS_FINGERPRINT
    assert "outside the seeds folder" in scanned[4].problems[0].detail
    state = folder_state(seeds, listing)
    assert (state.fingerprint, state.newest) == (FOLDER_FINGERPRINT, NEWEST)
    assert folder_state(seeds) == state
    assert scan_seeds(seeds) == scanned


def _scanned_by_walk(seeds: Path) -> list[str]:
    """What a scan lists, as a walk of the folder with path objects defines it (with no link
    out and no companions): files with candidate names outside hidden folders, links to files
    included, sorted by path parts."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(seeds):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(folder, f) for f in files if is_candidate_name(f)]
    return [p.relative_to(seeds).as_posix() for p in sorted(found) if p.is_file()]


def _fingerprint_by_walk(seeds: Path) -> str:
    """The folder fingerprint as defined by a walk: every regular file with a candidate name,
    hidden folders included, by its relative path as a string."""
    found = []
    for folder, _, files in os.walk(seeds):
        for name in filter(is_candidate_name, files):
            path = Path(folder, name)
            if path.is_file():
                seen = path.stat()
                found.append((path.relative_to(seeds).as_posix(), seen.st_size, seen.st_mtime_ns))
    text = "".join(f"{name}\0{size}\0{mtime}\n" for name, size, mtime in sorted(found))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


_PARTS = st.sampled_from(["a", "b", "x", ".h", "-1", ".txt", "~", "_", "é", " "])
_NAMES = st.lists(_PARTS, min_size=1, max_size=3).map("".join)
_TREES = st.lists(st.lists(_NAMES, min_size=1, max_size=3), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(_TREES)
def test_the_listing_selects_and_orders_paths_as_a_walk_would(tree: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        seeds = Path(folder)
        for number, parts in enumerate(tree):
            path = seeds.joinpath(*parts)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(f"File {number} at {'/'.join(parts)}.\n", encoding="utf-8")
            except (FileExistsError, IsADirectoryError, NotADirectoryError):
                continue  # a file where a folder is wanted, or the other way round
        (seeds / "zlink").symlink_to(tree[0][0])  # to a file or a folder inside
        listing = list_folder(seeds)
        assert [s.source_path for s in scan_seeds(seeds, None, listing)] == (
            _scanned_by_walk(seeds)
        )
        assert folder_state(seeds, listing).fingerprint == _fingerprint_by_walk(seeds)


def _touch(seeds: Path) -> None:
    stamp = (seeds / "a.txt").stat().st_mtime_ns + 1_000_000_000
    os.utime(seeds / "a.txt", ns=(stamp, stamp))


def _add(seeds: Path) -> None:
    (seeds / "c.txt").write_text("Wind closed the bridge at Rye.\n", encoding="utf-8")


def _remove(seeds: Path) -> None:
    (seeds / "b.txt").unlink()


def _edit_keeping_size_and_time(seeds: Path) -> None:
    before = (seeds / "a.txt").stat()
    (seeds / "a.txt").write_text("Rain fell on Tarnow on Sunday.\n", encoding="utf-8")
    os.utime(seeds / "a.txt", ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("change", [_touch, _add, _remove, _edit_keeping_size_and_time])
def test_a_change_after_the_listing_is_seen_by_the_next_scan(
    tmp_path: Path, change: Callable[[Path], None]
) -> None:
    """A build scans with the listing it took first; the run's scan lists again, and must not
    answer from the first scan once anything changed."""
    paths = Paths.of(tmp_path / "seeds", tmp_path / "warehouse")
    seeds = paths.seeds_dir
    seeds.mkdir()
    (seeds / "a.txt").write_text("Rain fell on Tarnow on Monday.\n", encoding="utf-8")
    (seeds / "b.txt").write_text("The council met in Marlow.\n", encoding="utf-8")
    listing = list_folder(seeds)
    first = scan(paths, listing)
    assert scan(paths) == first  # unchanged: answered from the first scan
    change(seeds)
    assert list_folder(seeds) != listing
    again, known = scan(paths)
    fresh: dict[str, tuple[int, int, str]] = {}
    assert again == scan_seeds(seeds, fresh) and known == fresh
    assert {s.source_path: (s.size, s.sha256) for s in again} == {
        p.name: (p.stat().st_size, _sha(p.read_bytes())) for p in sorted(seeds.iterdir())
    }


def test_a_run_handed_a_listing_builds_from_it_and_only_while_it_is_open(tmp_path: Path) -> None:
    """A command-line build hands its run the listing its seeds tag was made from: the run's
    scan reads the folder as listed then; once the run is over, even by an error, a scan
    lists the folder again."""
    paths = Paths.of(tmp_path / "seeds", tmp_path / "warehouse")
    seeds = paths.seeds_dir
    seeds.mkdir()
    (seeds / "a.txt").write_text("Rain fell on Tarnow on Monday.\n", encoding="utf-8")
    (seeds / "b.txt").write_text("The council met in Marlow.\n", encoding="utf-8")

    def scanned() -> list[str]:
        return [s.source_path for s in scan(paths)[0]]

    listing = list_folder(seeds)
    _add(seeds)
    with listed_for_build(paths, listing):
        assert scanned() == ["a.txt", "b.txt"]
    assert scanned() == ["a.txt", "b.txt", "c.txt"]
    listing = list_folder(seeds)
    _remove(seeds)
    with pytest.raises(RuntimeError), listed_for_build(paths, listing):
        assert scanned() == ["a.txt", "b.txt", "c.txt"]
        raise RuntimeError("the run failed")
    assert scanned() == ["a.txt", "c.txt"]


def test_a_run_lists_again_when_another_build_published_while_it_waited(
    tmp_path: Path,
) -> None:
    """Another build that took the warehouse first may have read a newer folder: a run
    handed an older listing then lists the folder itself, and never publishes the older
    folder over the newer one."""
    paths = Paths.of(tmp_path / "seeds", tmp_path / "warehouse")
    paths.seeds_dir.mkdir()
    (paths.seeds_dir / "a.txt").write_text("Rain fell on Tarnow on Monday.\n", encoding="utf-8")
    versions = paths.warehouse_dir / "versions"
    for version in ("v000001", "v000002"):
        (versions / version).mkdir(parents=True)
    current = paths.warehouse_dir / "current"
    current.symlink_to(Path("versions") / "v000001")
    listing = list_folder(paths.seeds_dir)
    _add(paths.seeds_dir)
    with listed_for_build(paths, listing):
        assert [s.source_path for s in scan(paths)[0]] == ["a.txt"]
        current.unlink()
        current.symlink_to(Path("versions") / "v000002")  # another build published
        assert [s.source_path for s in scan(paths)[0]] == ["a.txt", "c.txt"]
