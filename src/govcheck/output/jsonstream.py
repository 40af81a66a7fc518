"""JSON documents written piece by piece: the same text as ``json.dumps(doc, indent=2)``, never whole in memory.

A run over 50,000 items has a JSON or SARIF report of tens of MB; built as one string, then made
safe, then encoded, it was held three or four times over. Here the long lists (findings, SARIF
results) are generators wrapped in :func:`lazy_list`, and the standard library's own encoder
walks the document and hands out its text in small pieces, which are gathered into blocks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from govcheck.output.safe import json_safe

BLOCK_CHARS = 1 << 16


class _LazyList(list[Any]):
    """A list the JSON encoder walks without it ever being filled: its items come from a generator.

    The encoder asks ``not lst`` (for ``[]``) and then iterates once, which is all this supports.
    """

    def __init__(self, items: Iterator[Any], empty: bool) -> None:
        super().__init__()
        self._items = items
        self._empty = empty

    def __bool__(self) -> bool:
        return not self._empty

    def __iter__(self) -> Iterator[Any]:
        return self._items


def lazy_list(items: Iterable[Any]) -> list[Any]:
    """``items`` as a list for :func:`iter_json`, produced only while the document is written."""
    iterator = iter(items)
    first = next(iterator, _END)
    if first is _END:
        return []
    return _LazyList(chain([first], iterator), empty=False)


_END = object()


def iter_json(document: dict[str, Any]) -> Iterator[str]:
    """The text of ``json_safe(json.dumps(document, ensure_ascii=False, indent=2)) + "\\n"``, in blocks."""
    # With an indent the standard library always encodes in Python, piece by piece, which is
    # exactly what lets the lazy lists stream; json.dumps(..., indent=2) takes the same path.
    pieces = json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(document)
    block: list[str] = []
    size = 0
    for piece in pieces:
        block.append(piece)
        size += len(piece)
        if size >= BLOCK_CHARS:
            yield json_safe("".join(block))  # per character, so a block boundary changes nothing
            block, size = [], 0
    block.append("\n")
    yield json_safe("".join(block))
