"""Regular expressions compiled on first use, not when their module is imported.

A one-file run imports every module on its path but uses few of their patterns: compiling the
others (0.1–0.6 ms each; character classes over wide Unicode ranges cost the most) would be
start-up time spent for nothing (issue 14).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


def lazy(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """``lazy(p)()`` is ``re.compile(p)``, compiled once, at the first call."""

    @cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled
