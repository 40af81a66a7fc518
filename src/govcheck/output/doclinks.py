"""Links to govcheck's own documentation: SARIF's ``informationUri`` and every rule's ``helpUri``.

govcheck has no public homepage: units install it from the repository they use (the CI templates'
``pip install "govcheck @ git+https://…/govcheck@v0.1.0"``). A link must open the documentation of
the govcheck that ran, never a guessed address (that would send auditors to someone else's page),
so the base — the repository's file tree at this version — is, in order:

1. ``GOVCHECK_DOCS_URL`` (environment): a unit's own published copy, e.g.
   ``https://git.example.gov.cn/legal/govcheck/-/blob/v0.1.0/``;
2. :data:`DOCS_BASE`, the one constant to set once govcheck has a public home;
3. the GitHub or GitLab repository pip installed this copy from (PEP 610 ``direct_url.json``),
   at the exact commit it installed;

and otherwise there is no link: the rule's full help (description, legal basis) is inside the
SARIF file either way. The targets are stable: a rule's own file ``rules/<pack>/<ID>.yaml`` (its
documentation: description, basis, passing and failing examples; rule ids are never renamed) and
README anchors written as ``<a id="…">``.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit

# The repository's file tree at this version (ending in "/"), e.g.
# f"https://github.com/<owner>/govcheck/blob/v{__version__}/". None: no public home yet.
DOCS_BASE: str | None = None
DOCS_ENV = "GOVCHECK_DOCS_URL"
README_INPUT_ERRORS = "README.md#input-errors"  # the anchor GOVCHECK-INPUT results link to


@cache
def _installed_from() -> str | None:
    """The tree URL of the git repository pip installed govcheck from, at the installed commit."""
    from importlib import metadata

    try:
        raw = metadata.distribution("govcheck").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    return tree_url_of_direct_url(raw)


def tree_url_of_direct_url(raw: str | None) -> str | None:
    """``{"url": "https://github.com/o/govcheck.git", "vcs_info": {"vcs": "git", "commit_id": "…"}}``
    → ``https://github.com/o/govcheck/blob/<commit>/``; None for anything else (a wheel, a local
    folder, an unknown forge whose URL layout we would have to guess)."""
    try:
        info = json.loads(raw or "null")
        url, vcs = info["url"], info["vcs_info"]
        commit = vcs["commit_id"]
    except (ValueError, TypeError, KeyError):
        return None
    parts = urlsplit(str(url))
    if vcs.get("vcs") != "git" or parts.scheme != "https" or not str(commit).isalnum():
        return None
    repo = f"https://{parts.hostname}{parts.path.removesuffix('/').removesuffix('.git')}"
    if parts.hostname == "github.com":
        return f"{repo}/blob/{commit}/"
    if parts.hostname and "gitlab" in parts.hostname.split("."):
        return f"{repo}/-/blob/{commit}/"
    return None


def docs_base() -> str | None:
    """The base every link is made from, or None when there is no honest one."""
    base = os.environ.get(DOCS_ENV, "").strip() or DOCS_BASE or _installed_from()
    if not base or urlsplit(base).scheme not in ("http", "https"):
        return None
    return base if base.endswith("/") else base + "/"


def link(target: str) -> str | None:
    """``target`` (a repository path, maybe with ``#anchor``) under the docs base."""
    base = docs_base()
    if base is None:
        return None
    path, hash_, anchor = target.partition("#")
    return base + quote(path) + hash_ + anchor


def rule_doc_path(source: str) -> str:
    """A rule's file in the repository: ``rules/<pack>/<ID>.yaml`` (also for the installed copy)."""
    where = Path(source)
    return f"rules/{where.parent.name}/{where.name}"
