"""The native module; use `brownfield.json` and `brownfield.logs` instead."""

from types import ModuleType
from typing import Any, Callable, Union

__version__: str
# Holds brownfield.json's loads, dumps and dumpb (named as in that module).
_api: ModuleType

_Input = Union[str, bytes, bytearray, memoryview]

def loads(
    s: _Input,
    object_hook: Callable[[dict[str, Any]], Any] | None = None,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> Any:
    """Strict RFC 8259 parse with the core (no standard-library fallback)."""

def loads_lines(data: _Input) -> list[Any]: ...
def dumps(
    obj: Any,
    *,
    skipkeys: bool = False,
    ensure_ascii: bool = True,
    check_circular: bool = True,
    allow_nan: bool = True,
    indent: str | None = None,
    item_separator: str | None = None,
    key_separator: str | None = None,
    default: Callable[[Any], Any] | None = None,
    sort_keys: bool = False,
    extended: bool = False,
) -> str: ...
def dumpb(
    obj: Any,
    *,
    skipkeys: bool = False,
    ensure_ascii: bool = True,
    check_circular: bool = True,
    allow_nan: bool = True,
    indent: str | None = None,
    item_separator: str | None = None,
    key_separator: str | None = None,
    default: Callable[[Any], Any] | None = None,
    sort_keys: bool = False,
    extended: bool = False,
) -> bytes: ...
def query(
    source: Any,
    format: str,
    filter: str | None,
    group_by: list[str],
    aggregates: list[str],
    order_by: list[str],
    limit: int | None,
    skip_bad_lines: bool,
    threads: int | None,
) -> dict[str, Any]: ...
