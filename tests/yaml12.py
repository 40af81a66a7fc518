"""YAML as editors read it: the YAML 1.2 core schema (yaml-language-server, check-jsonschema's ruamel.yaml).

PyYAML implements YAML 1.1, where ``yes`` is true, ``1_000`` is 1000 and ``2023-05-12`` is a date. The
tests that judge a JSON Schema the way an editor does need the 1.2 core schema instead: ``true/false``
(three spellings each), ``null``/``~``/empty, decimal, ``0o`` octal and ``0x`` hex integers, floats
(``.inf``, ``.nan``), and every other plain scalar a string.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class Core12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core schema resolution and construction."""


Core12Loader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]
for tag, pattern, first in _RESOLVERS:
    Core12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = loader.construct_scalar(node).lower()
    return float(text.replace(".inf", "inf").replace(".nan", "nan"))


def _bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    return loader.construct_scalar(node).lower() == "true"


Core12Loader.add_constructor("tag:yaml.org,2002:int", _int)
Core12Loader.add_constructor("tag:yaml.org,2002:float", _float)
Core12Loader.add_constructor("tag:yaml.org,2002:bool", _bool)


def load(text: str) -> Any:
    return yaml.load(text, Loader=Core12Loader)  # a SafeLoader, with 1.2 resolvers
