"""DocRecords to and from JSON: the extraction cache's format, which is data and can never run code.

Each dataclass is written as a JSON array of its field values in declaration order (half the size
of objects with keys, and `cls(*values)` to read back). Decoding checks every value against the
field's declared type, so a file of another shape, a truncated one or one from another version of
the records raises `RecordDecodeError` instead of yielding records that break a later stage.
Tuples come back as tuples and floats as the same float, so a decoded record equals the original.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Callable
from functools import cache

from kg.records import DocRecords

__all__ = ["RecordDecodeError", "SCHEMA", "decode", "encode"]


class RecordDecodeError(ValueError):
    """The bytes are not DocRecords of this schema (not an error for a user: the cache misses)."""


def _shape(cls: type, seen: set[type]) -> list:
    """Every field's name and declared type, recursively: the identity of the records' schema."""
    if cls in seen:
        return [cls.__name__]
    seen.add(cls)
    out: list = [cls.__name__]
    for f in dataclasses.fields(cls):
        hint = typing.get_type_hints(cls)[f.name]
        out.append([f.name, repr(hint)])
        for arg in _dataclasses_in(hint):
            out.append(_shape(arg, seen))
    return out


def _dataclasses_in(hint) -> list[type]:
    if dataclasses.is_dataclass(hint):
        return [hint]
    return [c for a in typing.get_args(hint) for c in _dataclasses_in(a)]


# Changes whenever a record gains, loses or retypes a field: old cache files then fail to decode.
SCHEMA = hashlib.sha256(json.dumps(_shape(DocRecords, set())).encode()).hexdigest()[:16]


def encode(records: DocRecords) -> bytes:
    # ensure_ascii keeps lone surrogates (text decoded with surrogateescape) as \udXXXX escapes.
    return json.dumps([SCHEMA, _encoder(DocRecords)(records)], separators=(",", ":")).encode(
        "ascii"
    )


def decode(data: bytes) -> DocRecords:
    try:
        schema, body = json.loads(data)
    except (ValueError, TypeError, RecursionError) as exc:
        raise RecordDecodeError(f"not JSON records: {exc}") from None
    if schema != SCHEMA:
        raise RecordDecodeError(f"records of schema {schema!r}, expected {SCHEMA!r}")
    return _decoder(DocRecords)(body)


def _optional(make: Callable, hint) -> Callable | None:
    """For a hint `X | None`: `make(X)` that lets None through (both directions); else None."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(inner) == 1:
            convert = make(inner[0])
            return lambda v: None if v is None else convert(v)
    return None


# --- encoders: value -> JSON-ready value ----------------------------------------------------------


@cache
def _encoder(hint) -> Callable:
    if dataclasses.is_dataclass(hint):
        names = [f.name for f in dataclasses.fields(hint)]
        hints = typing.get_type_hints(hint)
        parts = [(name, _encoder(hints[name])) for name in names]
        return lambda obj: [enc(getattr(obj, name)) for name, enc in parts]
    if (optional := _optional(_encoder, hint)) is not None:
        return optional
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list:
        item = _encoder(args[0])
        return lambda v: [item(x) for x in v]
    if origin is tuple:
        return list  # tuples of scalars only
    return _identity


def _identity(value):
    return value


# --- decoders: JSON value -> checked value ------------------------------------------------------

_SCALARS: dict[type, tuple[type, ...]] = {
    str: (str,),
    int: (int,),
    float: (float, int),
    bool: (bool,),
}


@cache
def _decoder(hint) -> Callable:
    if dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    if (optional := _optional(_decoder, hint)) is not None:
        return optional
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list:
        item = _decoder(args[0])

        def decode_list(value):
            _expect(value, list, hint)
            return [item(x) for x in value]

        return decode_list
    if origin is tuple:
        items = [_decoder(a) for a in args]

        def decode_tuple(value):
            _expect(value, list, hint)
            if len(value) != len(items):
                raise RecordDecodeError(
                    f"expected {len(items)} values for {hint}, got {len(value)}"
                )
            return tuple(dec(x) for dec, x in zip(items, value))

        return decode_tuple
    if hint in _SCALARS:
        allowed = _SCALARS[hint]

        def decode_scalar(value):
            # bool is an int to isinstance; no int field of the records holds one.
            if not isinstance(value, allowed) or (isinstance(value, bool) and hint is not bool):
                raise RecordDecodeError(f"expected {hint.__name__}, got {type(value).__name__}")
            return value

        return decode_scalar
    raise TypeError(f"no decoder for {hint!r}")  # a record field of a type the codec does not know


def _dataclass_decoder(cls: type) -> Callable:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    decoders = [_decoder(hints[n]) for n in names]

    def decode_dataclass(value):
        _expect(value, list, cls)
        if len(value) != len(names):
            raise RecordDecodeError(
                f"expected {len(names)} fields for {cls.__name__}, got {len(value)}"
            )
        return cls(*[dec(x) for dec, x in zip(decoders, value)])

    return decode_dataclass


def _expect(value, kind: type, what) -> None:
    if not isinstance(value, kind):
        raise RecordDecodeError(
            f"expected a {kind.__name__} for {getattr(what, '__name__', what)}, "
            f"got {type(value).__name__}"
        )
