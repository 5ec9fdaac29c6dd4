"""Parallel NDJSON/log queries (see logs.py)."""

import os
from typing import Any, Iterable, Sequence, Union

__all__ = ["BadRecordError", "QueryResult", "query"]

class BadRecordError(ValueError):
    """A line that does not match the input format (strict mode)."""

    line: int | None
    """1-based line number of the bad line."""
    offset: int | None
    """Byte offset of the bad line in the (decompressed) input."""
    def __init__(self, message: str, line: int | None = None, offset: int | None = None) -> None: ...

class QueryResult(list[dict[str, Any]]):
    """Result rows as dicts, plus what was read and skipped."""

    columns: list[str]
    lines_read: int
    lines_matched: int
    lines_skipped: int
    bad_examples: list[dict[str, Any]]
    """The first few skipped lines: dicts with ``line``, ``offset``, ``message``."""
    def __init__(self, raw: dict[str, Any]) -> None: ...
    def to_columns(self) -> dict[str, list[Any]]:
        """Column name -> list of values."""
    def to_polars(self) -> Any:
        """A ``polars.DataFrame`` (needs polars)."""
    def to_arrow(self) -> Any:
        """A ``pyarrow.Table`` (needs pyarrow)."""

_Source = Union[
    str,
    os.PathLike[str],
    bytes,
    bytearray,
    memoryview,
    Iterable[str],
    Iterable[bytes],
]

def query(
    source: _Source | Any,
    *,
    format: str = "ndjson",
    where: str | None = None,
    by: str | Sequence[str] = (),
    agg: str | Sequence[str] = ("count",),
    order_by: str | Sequence[str] = (),
    limit: int | None = None,
    skip_bad_lines: bool = False,
    threads: int | None = None,
) -> QueryResult:
    """Run a group-by query over log records (GIL released, Ctrl-C stops it)."""
