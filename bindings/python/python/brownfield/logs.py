"""Parallel NDJSON/log queries: group-by aggregation without building
Python objects per record, backed by the brownfield core's log engine.

    import brownfield.logs

    rows = brownfield.logs.query(
        "requests.ndjson",
        by=["status"],
        agg=["count", "mean:latency_ms"],
    )
    # [{'status': 200, 'count': 812345, 'mean:latency_ms': 41.2}, ...]

The query runs on all cores with the GIL released; Ctrl-C (any signal
handler that raises) stops it. See the binding's README for the query
language (filters, aggregates, formats), which is the CLI's
(``brownfield stats``).
"""

import os

from brownfield import _brownfield as _native

__all__ = ["BadRecordError", "QueryResult", "query"]


class BadRecordError(ValueError):
    """A line that does not match the input format (strict mode).

    ``line`` is its 1-based line number, ``offset`` the byte offset of its
    first byte in the (decompressed) input.
    """

    def __init__(self, message, line=None, offset=None):
        super().__init__(message)
        self.line = line
        self.offset = offset

    def __reduce__(self):
        return self.__class__, (self.args[0], self.line, self.offset)


class QueryResult(list):
    """The rows of a query result, as a list of dicts (column -> value),
    sorted and limited as asked.

    Attributes: ``columns`` (group fields, then aggregate names),
    ``lines_read`` (non-blank lines), ``lines_matched`` (records that passed
    the filter), ``lines_skipped`` (bad lines skipped with
    ``skip_bad_lines=True``), ``bad_examples`` (the first few skipped lines:
    dicts with ``line``, ``offset``, ``message``).
    """

    def __init__(self, raw):
        columns = raw["columns"]
        super().__init__(dict(zip(columns, row)) for row in raw["rows"])
        self.columns = columns
        self.lines_read = raw["lines_read"]
        self.lines_matched = raw["lines_matched"]
        self.lines_skipped = raw["lines_skipped"]
        self.bad_examples = raw["bad_examples"]

    def to_columns(self):
        """The result as a dict of column name -> list of values."""
        return {c: [row[c] for row in self] for c in self.columns}

    def to_polars(self):
        """The result as a ``polars.DataFrame`` (needs polars installed)."""
        import polars

        return polars.DataFrame(self.to_columns(), strict=False)

    def to_arrow(self):
        """The result as a ``pyarrow.Table`` (needs pyarrow installed)."""
        import pyarrow

        return pyarrow.table(self.to_columns())

    def __repr__(self):
        return (
            f"QueryResult({list.__repr__(self)}, lines_read={self.lines_read}, "
            f"lines_matched={self.lines_matched}, lines_skipped={self.lines_skipped})"
        )


def _names(value, what):
    """A field/aggregate list argument: one name or a sequence of names."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    names = list(value)
    for n in names:
        if not isinstance(n, str):
            raise TypeError(f"{what} must be strings, not {type(n).__name__}")
    return names


def query(
    source,
    *,
    format="ndjson",
    where=None,
    by=(),
    agg=("count",),
    order_by=(),
    limit=None,
    skip_bad_lines=False,
    threads=None,
):
    """Run a group-by query over log records and return a
    :class:`QueryResult`.

    ``source``: a path (``str`` or ``os.PathLike``; gzip detected), the
    input itself as ``bytes``/``bytearray``/``memoryview``, a binary or text
    file object (read in 1 MiB pieces), or any other iterable of lines
    (``str`` or ``bytes``; a line without a trailing newline gets one). File
    objects and iterables are streamed: memory stays bounded.

    ``format``: ``"ndjson"``, ``"logfmt"``, ``"common"``, ``"combined"`` or
    ``"regex:PATTERN"`` (named groups are the fields). ``where``: a filter
    such as ``"status >= 500 and region in ('eu-west-1', 'us-east-1')"``.
    ``by``: group-by fields (dotted paths such as ``req.ua`` or JSON
    Pointers). ``agg``: aggregates such as ``"count"``,
    ``"mean:latency_ms"``, ``"p99:latency_ms"``, ``"sum:bytes"``,
    ``"distinct:user_id"``, ``"top5:path"``. ``order_by``: output columns,
    ``"-count"`` for descending (default: group keys ascending).
    ``limit``: keep the first rows. ``skip_bad_lines``: count and skip lines
    that do not parse instead of raising. ``threads``: worker threads
    (default: one per core).

    Raises ``ValueError`` for a bad query, :class:`BadRecordError` (a
    ``ValueError``) for a bad line in strict mode, ``OSError`` when the
    input cannot be read, ``KeyboardInterrupt`` on Ctrl-C, and whatever a
    Python file object or iterator raises.
    """
    if limit is not None and limit < 0:
        raise ValueError("limit must be >= 0")
    if threads is not None and threads < 1:
        raise ValueError("threads must be >= 1")
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
        if isinstance(source, bytes):
            source = os.fsdecode(source)
    raw = _native.query(
        source,
        format,
        where,
        _names(by, "group-by fields"),
        _names(agg, "aggregates"),
        _names(order_by, "order-by columns"),
        limit,
        bool(skip_bad_lines),
        threads,
    )
    return QueryResult(raw)
