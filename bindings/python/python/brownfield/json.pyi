"""Drop-in replacement for the standard `json` module (see json.py)."""

import json as _json
from json import decoder as decoder, encoder as encoder, scanner as scanner
from typing import IO, Any, Callable, ContextManager, Iterator, Union

__all__ = [
    "DecodeNestingError",
    "InvalidUTF8Error",
    "JSONDecodeError",
    "JSONDecoder",
    "JSONEncoder",
    "NestingError",
    "dump",
    "dumpb",
    "dumps",
    "is_patched",
    "load",
    "loads",
    "loads_lines",
    "patch",
    "patched",
    "unpatch",
]

_Input = Union[str, bytes, bytearray, memoryview]

class JSONDecodeError(_json.JSONDecodeError):
    """Invalid JSON: `msg`, `doc`, `pos`, `lineno`, `colno` as `json` reports them."""

    kind: str | None
    """The core's error kind, e.g. ``"unexpected_eof"`` (None: only json's decoder ran)."""
    byte_offset: int
    """Where the core found the error in the UTF-8 input, in bytes."""
    def __init__(
        self,
        msg: str,
        doc: str,
        pos: int,
        kind: str | None = None,
        byte_offset: int | None = None,
    ) -> None: ...

class NestingError(RecursionError, ValueError):
    """`dumps` of values nested deeper than 1024 levels."""

class DecodeNestingError(JSONDecodeError, NestingError):
    """`loads` of documents nested deeper than 1024 levels (kind ``"nesting_too_deep"``)."""

class InvalidUTF8Error(JSONDecodeError, UnicodeDecodeError):
    """`loads` of bytes that are not UTF-8: json's UnicodeDecodeError, also a JSONDecodeError."""

    def __init__(self, unicode_error: UnicodeDecodeError, decode_error: JSONDecodeError) -> None: ...

def loads(
    s: _Input,
    *,
    cls: type[_json.JSONDecoder] | None = None,
    object_hook: Callable[[dict[str, Any]], Any] | None = None,
    parse_float: Callable[[str], Any] | None = None,
    parse_int: Callable[[str], Any] | None = None,
    parse_constant: Callable[[str], Any] | None = None,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
    **kw: Any,
) -> Any:
    """Parse a JSON document exactly like ``json.loads`` (same arguments)."""

def load(
    fp: IO[str] | IO[bytes],
    *,
    cls: type[_json.JSONDecoder] | None = None,
    object_hook: Callable[[dict[str, Any]], Any] | None = None,
    parse_float: Callable[[str], Any] | None = None,
    parse_int: Callable[[str], Any] | None = None,
    parse_constant: Callable[[str], Any] | None = None,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
    **kw: Any,
) -> Any:
    """``loads(fp.read(), ...)``, like ``json.load``."""

def loads_lines(data: _Input) -> list[Any]:
    """Parse every non-blank line of NDJSON ``data`` (on worker threads from 1 MiB on); values in line order."""

def dumps(
    obj: Any,
    *,
    skipkeys: bool = False,
    ensure_ascii: bool = True,
    check_circular: bool = True,
    allow_nan: bool = True,
    cls: type[_json.JSONEncoder] | None = None,
    indent: int | str | None = None,
    separators: tuple[str, str] | None = None,
    default: Callable[[Any], Any] | None = None,
    sort_keys: bool = False,
    extended: bool = False,
    **kw: Any,
) -> str:
    """Serialize exactly like ``json.dumps`` (same arguments); ``extended=True``
    also writes datetime/date/time, UUID, Decimal, Enum, dataclasses."""

def dumpb(
    obj: Any,
    *,
    skipkeys: bool = False,
    ensure_ascii: bool = True,
    check_circular: bool = True,
    allow_nan: bool = True,
    cls: type[_json.JSONEncoder] | None = None,
    indent: int | str | None = None,
    separators: tuple[str, str] | None = None,
    default: Callable[[Any], Any] | None = None,
    sort_keys: bool = False,
    extended: bool = False,
    **kw: Any,
) -> bytes:
    """Like `dumps`, returning UTF-8 bytes."""

def dump(
    obj: Any,
    fp: IO[str],
    *,
    skipkeys: bool = False,
    ensure_ascii: bool = True,
    check_circular: bool = True,
    allow_nan: bool = True,
    cls: type[_json.JSONEncoder] | None = None,
    indent: int | str | None = None,
    separators: tuple[str, str] | None = None,
    default: Callable[[Any], Any] | None = None,
    sort_keys: bool = False,
    extended: bool = False,
    **kw: Any,
) -> None:
    """Serialize to ``fp.write``, like ``json.dump``."""

class JSONDecoder(_json.JSONDecoder):
    """``json.JSONDecoder`` whose `decode` parses with the core."""

    def decode(self, s: str, _w: Any = None) -> Any: ...

class JSONEncoder(_json.JSONEncoder):
    """``json.JSONEncoder`` whose `encode` writes with the core."""

    extended: bool
    def __init__(
        self,
        *,
        skipkeys: bool = False,
        ensure_ascii: bool = True,
        check_circular: bool = True,
        allow_nan: bool = True,
        sort_keys: bool = False,
        indent: int | str | None = None,
        separators: tuple[str, str] | None = None,
        default: Callable[[Any], Any] | None = None,
        extended: bool = False,
    ) -> None: ...
    def encode(self, o: Any) -> str: ...
    def iterencode(self, o: Any, _one_shot: bool = False) -> Iterator[str]: ...

def patch() -> None:
    """Swap the standard json module's loads/dumps/load/dump for brownfield's."""

def unpatch() -> None:
    """Restore exactly what `patch` replaced."""

def is_patched() -> bool:
    """Whether `patch` is in effect."""

def patched() -> ContextManager[None]:
    """`patch` on entry, `unpatch` on exit."""
