"""A record with nothing to say, read and validated in one pass over libyaml's events.

Most records are well formed. Reading one the long way builds the YAML tree (``yamlsource``)
and then validates it into a second, canonical tree (``schema.Validator``): every mapping and
value is made twice. Here the canonical tree is built straight from the events, with the
validator's own shortcuts (``Field.quick``) and value parsers, and the pass gives up, returning
None, at the first thing it cannot vouch for: a tag, an anchor or alias, an unknown or repeated
key, a value the parsers refuse, a missing required key, anything libyaml complains about.
The caller then reads the file the long way, which finds the same thing and says it with its
file and line. So this module never words an error; tests/test_onepass.py checks that both
ways give the same record, lines included, for every record they both accept.
"""

from __future__ import annotations

from typing import Any

import yaml

from govcheck.loading import values as v
from govcheck.loading.schema import _HANDLERS, QUICK_MISS, RECORD, Field
from govcheck.loading.yamlsource import _TYPED_STARTS, MAX_NODES, YDict, YList, _Loader, _plain_scalar, _ScalarProblem


class _GiveUp(Exception):
    """Something the long way must look at (and word)."""


_GIVE_UP = _GiveUp()  # raised often on bad input, never shown: one instance, no traceback kept


def read_valid_record(text: str, spec: Field = RECORD) -> YDict | None:
    """The validated record, exactly as ``validate_record(parse_yaml(text))`` makes it; None when the
    file has anything to say (or anything this pass does not handle), for the long way to say it."""
    if len(text) * 2 > MAX_NODES:
        return None  # the long way counts nodes against MAX_NODES; a record is ~5 KB
    try:
        loader = _Loader(text)  # PyYAML's own (pure Python) reader already refuses some text here
    except yaml.YAMLError:
        return None
    try:
        return _document(loader.get_event, spec)
    except (_GiveUp, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


_SCALAR = yaml.ScalarEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent


def _typed(raw: str) -> Any:
    try:
        return _plain_scalar(raw)
    except _ScalarProblem:
        raise _GIVE_UP from None


def _plain(event: Any) -> Any:
    """An untagged, unanchored scalar as the YAML builder types it."""
    if event.tag is not None or event.anchor:
        raise _GIVE_UP
    raw = event.value
    if event.style or not event.implicit[0] or (raw and raw[0] not in _TYPED_STARTS):
        return raw  # quoted or block text, or plain text that is no number, date, null or yes/no
    return _typed(raw)


def _scalar(value: Any, spec: Field) -> Any:
    """A scalar the field's shortcut did not take: the field's parser, as the validator runs it."""
    if spec.kind == "categories":
        return (_term(value, spec),)
    handler = _HANDLERS.get(spec.kind)
    if handler is None or (type(value) is str and "【" in value):
        raise _GIVE_UP  # a scalar where a mapping or list belongs; a placeholder
    try:
        return handler(spec, value)
    except v.ValueProblem:
        raise _GIVE_UP from None


def _term(value: Any, spec: Field) -> str:
    assert spec.enum is not None
    found = spec.enum.aliases.get(value) if type(value) is str else None
    if found is None:
        raise _GIVE_UP
    return found


def _document(get_event: Any, spec: Field) -> YDict:
    """The events of one document whose root is a mapping of ``spec``; each container one call.

    Keys need no typing: a key is a field name (none of which YAML would read as a number, date,
    null or yes/no: tests/test_onepass.py checks) or an x_ extension."""
    miss = QUICK_MISS

    def value_of(event: Any, spec: Field) -> Any:
        kind = type(event)
        if kind is _SCALAR:
            value = _plain(event)
            if value is None:
                return None
            quick = spec.quick
            checked = quick(value) if quick is not None else miss
            return checked if checked is not miss else _scalar(value, spec)
        if kind is _MAPPING_START:
            if spec.kind != "map":
                raise _GIVE_UP
            return mapping(event, spec)
        if kind is _SEQUENCE_START:
            if spec.kind == "list":
                assert spec.item is not None
                return sequence(event, spec.item, spec.min_items)
            if spec.kind == "map" and spec.many:
                entries = spec.as_entries
                assert entries.item is not None
                return sequence(event, entries.item, entries.min_items)
            if spec.kind == "categories":
                return categories(event, spec)
        raise _GIVE_UP  # an alias, or a list where one value belongs

    def mapping(start: Any, spec: Field) -> YDict:
        if start.tag is not None or start.anchor:
            raise _GIVE_UP
        out = YDict(start.start_mark.line + 1)
        lines, key_lines, fields = out.lines, out.key_lines, spec.fields
        while True:
            event: Any = get_event()  # Any: dispatched on its exact class
            kind = type(event)  # compared through a name: mypy would narrow ``event`` and its marks
            if kind is not _SCALAR:
                if kind is _MAPPING_END:
                    break
                raise _GIVE_UP  # a container or alias as a key
            key = event.value
            sub = fields.get(key)
            if (sub is None and not key.startswith("x_")) or key in key_lines or event.tag is not None or event.anchor:
                raise _GIVE_UP  # unknown, repeated, tagged or anchored
            key_lines[key] = event.start_mark.line + 1
            event = get_event()
            lines[key] = event.start_mark.line + 1
            if sub is None:  # x_: a local extension, free and not kept (its text still parsed)
                if type(event) is not _SCALAR:
                    raise _GIVE_UP  # a container under x_: the long way checks its keys
                _plain(event)
                continue
            checked = value_of(event, sub)
            if checked is not None:  # None: not recorded (required keys are checked below)
                out[key] = checked
        for key in spec.required_keys:
            if key not in out:
                raise _GIVE_UP
        return out

    def sequence(start: Any, item: Field, min_items: int) -> YList:
        if start.tag is not None or start.anchor:
            raise _GIVE_UP
        out = YList(start.start_mark.line + 1)
        lines = out.lines
        while True:
            event: Any = get_event()  # Any: dispatched on its exact class
            if type(event) is _SEQUENCE_END:
                break
            lines.append(event.start_mark.line + 1)
            value = value_of(event, item)
            if value is None:
                raise _GIVE_UP  # an empty entry is an error of the entry's kind
            out.append(value)
        if len(out) < min_items:
            raise _GIVE_UP
        return out

    def categories(start: Any, spec: Field) -> tuple[str, ...]:
        if start.tag is not None or start.anchor:
            raise _GIVE_UP
        terms: list[str] = []
        while True:
            event: Any = get_event()  # Any: dispatched on its exact class
            if type(event) is _SEQUENCE_END:
                break
            if type(event) is not _SCALAR:
                raise _GIVE_UP
            terms.append(_term(_plain(event), spec))
        if not terms:
            raise _GIVE_UP
        return tuple(dict.fromkeys(terms))

    if type(get_event()) is not yaml.StreamStartEvent or type(get_event()) is not yaml.DocumentStartEvent:
        raise _GIVE_UP
    start = get_event()
    if type(start) is not _MAPPING_START:
        raise _GIVE_UP
    record = mapping(start, spec)
    if "govcheck" not in record:
        raise _GIVE_UP
    if type(get_event()) is not yaml.DocumentEndEvent or type(get_event()) is not yaml.StreamEndEvent:
        raise _GIVE_UP  # a second document
    return record
