"""「是不是陈晓梅？」: the roster name a misspelt name was probably meant to be.

A name in a record that is not on the roster (or not among the members present) is, more often than
not, a typo: 陈小梅 for 陈晓梅, a homophone typed with a pinyin input method. The findings that report
such a name (REC-ATTENDEE-NOT-MEMBER, REC-OPINION-NOT-PRESENT, REC-ROSTER-MISMATCH) add the one name it
is probably meant to be, as 陈小梅（是不是陈晓梅？）: a known name within one edit (one character replaced, added or left out), when
exactly one known name is that close. Two candidates, or none, add nothing: a guess would mislead.
"""

from __future__ import annotations

from collections.abc import Iterable

from govcheck.i18n import Text


def within_one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one replaced, inserted or deleted character (not when equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def nearest(name: str, known: Iterable[str]) -> str | None:
    """The one known name within one edit of ``name``; None when there is none, or more than one."""
    if len(name) < 2:
        return None
    close = list(dict.fromkeys(k for k in known if len(k) >= 2 and within_one_edit(name, k)))
    return close[0] if len(close) == 1 else None


def with_guesses(names: Iterable[str], known: Iterable[str]) -> Text | None:
    """The names as a finding shows them, each near name followed by its guess: 陈小梅（是不是陈晓梅？）、欧阳明.

    None when no name has a guess (the names are then shown as they are)."""
    pool, shown = list(known), list(names)
    guesses = [nearest(name, pool) for name in shown]
    if not any(guesses):
        return None
    return Text(
        "、".join(name + (f"（是不是{guess}？）" if guess else "") for name, guess in zip(shown, guesses, strict=True)),
        ", ".join(
            name + (f" (did you mean {guess}?)" if guess else "") for name, guess in zip(shown, guesses, strict=True)
        ),
    )
