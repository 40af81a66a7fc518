"""A per-user cache of the parsed rulebook: every run starts without re-reading 50 rule files.

Parsing and checking the rule files is most of a one-file run's own work (the pre-commit hook
checks one or two records per commit). The cache holds the rules as loaded, keyed by the rule
files' bytes, their folder, the Python version and govcheck's own code files, so any edit to a rule file or to the
rulebook code makes a new entry; a cache that cannot be read or written is simply not used.

Where: ``GOVCHECK_CACHE_DIR`` if set (an empty value turns the cache off), else the platform's
user cache folder (``%LOCALAPPDATA%\\govcheck`` on Windows, ``~/Library/Caches/govcheck`` on
macOS, ``$XDG_CACHE_HOME/govcheck`` or ``~/.cache/govcheck`` elsewhere). The entries are pickles
in the user's own folder: only someone who can already write there can change what is loaded.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

import govcheck

T = TypeVar("T")
KEEP_ENTRIES = 8  # several checkouts or versions side by side; older entries are removed


def cache_dir() -> Path | None:
    configured = os.environ.get("GOVCHECK_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "govcheck" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "govcheck"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "govcheck"


def cache_key(folder: Path, files: list[Path]) -> str:
    digest = hashlib.sha256(f"{govcheck.__version__}\0{sys.version}\0{folder.resolve()}\0".encode())
    # govcheck's own code by name, size and modification time: reading rules may depend on any of it
    package = Path(govcheck.__file__).parent
    if not package.is_dir():
        raise OSError("govcheck is not installed as plain files")
    for source in sorted(package.rglob("*.py")):
        status = source.stat()
        digest.update(f"{source.relative_to(package).as_posix()}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    for file in files:
        digest.update(file.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()[:32]


def cached(folder: Path, files: list[Path], load: Callable[[], T]) -> T:
    """``load()``'s result, from the cache when an entry for exactly these files exists."""
    where = cache_dir()
    if where is None:
        return load()
    try:
        entry = where / f"rules-{cache_key(folder, files)}.pickle"
    except OSError:
        return load()  # the code is not in plain files (a zip application): nothing to key on
    try:
        with open(entry, "rb") as handle:
            return cast(T, pickle.load(handle))
    except OSError:
        pass  # no entry yet, or no cache folder: load and try to keep the result
    except Exception:
        pass
    result = load()
    _store(where, entry, result)
    return result


def _store(where: Path, entry: Path, value: object) -> None:
    try:
        where.mkdir(parents=True, exist_ok=True)
        descriptor, temp = tempfile.mkstemp(dir=where, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, entry)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
        entries = sorted(where.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP_ENTRIES:]:
            old.unlink()
    except OSError:
        pass  # a read-only home or a full disk: the run goes on without a cache
