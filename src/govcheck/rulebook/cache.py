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

import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar, cast

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


def _code_stamp(package: str) -> list[str]:
    """Each of govcheck's own code files by name, size and modification time (os.scandir: a
    fifth of what pathlib's rglob and stat cost, and this runs on every start)."""
    stamp: list[str] = []
    folders = [""]
    while folders:
        relative = folders.pop()
        with os.scandir(os.path.join(package, relative)) as entries:
            for entry in entries:
                name = f"{relative}/{entry.name}" if relative else entry.name
                if entry.name.endswith(".py") and entry.is_file():
                    status = entry.stat()
                    stamp.append(f"{name}\0{status.st_size}\0{status.st_mtime_ns}\0")
                elif entry.name != "__pycache__" and entry.is_dir():
                    folders.append(name)
    return sorted(stamp)


def cache_key(folder: Path, content: str) -> str:
    """The entry's name: ``content`` (the rule files' digest), their folder, the Python version
    and govcheck's own code (reading rules may depend on any of it)."""
    digest = hashlib.sha256(f"{govcheck.__version__}\0{sys.version}\0{folder.resolve()}\0{content}\0".encode())
    package = os.path.dirname(govcheck.__file__)
    if not os.path.isdir(package):
        raise OSError("govcheck is not installed as plain files")
    digest.update("".join(_code_stamp(package)).encode())
    return digest.hexdigest()[:32]


def cached(folder: Path, content: str, load: Callable[[], T]) -> T:
    """``load()``'s result, from the cache when an entry for exactly these rule files exists.

    ``content`` is the digest of the rule files' names and bytes (``loader.rules_digest``)."""
    where = cache_dir()
    if where is None:
        return load()
    try:
        entry = where / f"rules-{cache_key(folder, content)}.pickle"
    except OSError:
        return load()  # the code is not in plain files (a zip application): nothing to key on
    try:
        with open(entry, "rb") as handle:
            return cast(T, _unpickle(handle))
    except OSError:
        pass  # no entry yet, or no cache folder: load and try to keep the result
    except Exception:
        pass
    result = load()
    _store(where, entry, result)
    return result


def _unpickle(handle: BinaryIO) -> object:
    """``pickle.load`` with the cyclic garbage collector paused: the rulebook is some 30,000 small
    objects, and building them would start dozens of collections that find nothing to free (a
    quarter of the load time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(handle)
    finally:
        if enabled:
            gc.enable()


def _store(where: Path, entry: Path, value: object) -> None:
    import tempfile  # only when an entry is written: ~3 ms of start-up (shutil, random) otherwise

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
