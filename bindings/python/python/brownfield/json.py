"""A drop-in replacement for the standard library's ``json`` module, backed
by the brownfield Rust core::

    import brownfield.json as json   # was: import json

``loads``, ``dumps``, ``load``, ``dump``, ``JSONDecoder``, ``JSONEncoder``
and ``JSONDecodeError`` take the same arguments as the standard ones and
give the same results, output and exceptions (type, message, ``pos``,
``lineno``, ``colno``).

How the work is split:

- Parsing, building dicts/lists (``object_hook``, ``object_pairs_hook``
  included) and serializing with any of ``skipkeys``, ``ensure_ascii``,
  ``check_circular``, ``allow_nan``, ``indent``, ``separators``,
  ``default``, ``sort_keys`` run in Rust; only Python callbacks call back
  into Python.
- The core parser is strict RFC 8259. When it rejects a document, the
  standard library's decoder is run on that one input: if ``json`` accepts
  it (``NaN``/``Infinity`` literals, lone surrogate escapes, control
  characters with ``strict=False``, UTF-16/32 bytes) its value is returned;
  otherwise ``json``'s error message and position are raised as a
  :class:`JSONDecodeError` that also carries the core's ``kind`` and
  ``byte_offset``. ``parse_float``/``parse_int`` (which need the number's
  source text) and custom ``cls`` decoders use the standard decoder too.
- ``dumps`` of a ``str`` with lone surrogates (no UTF-8 form) is handed to
  the standard encoder, which escapes them.

Extensions (off by default, so default output stays identical to
``json``): ``dumps(obj, extended=True)`` also writes ``datetime``/``date``/
``time`` (RFC 3339 ``isoformat()``), ``uuid.UUID`` and ``decimal.Decimal``
(as strings), ``enum.Enum`` members (their value) and dataclass instances
(objects of their fields), also as dict keys where they are scalar;
:func:`dumpb` returns ``bytes``; :func:`loads_lines` parses NDJSON in
parallel; :func:`patch`/:func:`unpatch`/:func:`patched` swap the standard
module's functions for these in a running app.
"""

import json as _json
from contextlib import contextmanager as _contextmanager

from brownfield import _brownfield as _native

# The standard module's submodules, for code that reaches into them
# (``json.decoder.JSONArray``, ``json.encoder.encode_basestring``, ...).
from json import decoder, encoder, scanner  # noqa: E402,F401

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

# The standard library's functions, captured before anyone patches them:
# the fallbacks below must never call back into brownfield.
_std_loads = _json.loads
_std_dumps = _json.dumps
_StdDecoder = _json.JSONDecoder
_StdEncoder = _json.JSONEncoder
_detect_encoding = _json.detect_encoding
_BOM = b"\xef\xbb\xbf"


class JSONDecodeError(_json.JSONDecodeError):
    """Raised for input that is not a JSON document.

    Like ``json.JSONDecodeError`` (of which it is a subclass, so also a
    ``ValueError``) it has ``msg``, ``doc``, ``pos``, ``lineno`` and
    ``colno``, equal to what the standard library reports for the same
    input. It adds:

    - ``kind``: the core's machine-readable error kind, e.g.
      ``"unexpected_eof"`` or ``"invalid_utf8"`` (``None`` when only the
      standard decoder ran);
    - ``byte_offset``: where the core found the error in the UTF-8 input,
      in bytes.
    """

    def __init__(self, msg, doc, pos, kind=None, byte_offset=None):
        super().__init__(msg, doc, pos)
        self.kind = kind
        if byte_offset is None:
            byte_offset = len(doc[:pos].encode("utf-8", "surrogatepass"))
        self.byte_offset = byte_offset

    def __reduce__(self):
        return self.__class__, (self.msg, self.doc, self.pos, self.kind, self.byte_offset)


class NestingError(RecursionError, ValueError):
    """Raised by :func:`dumps` for values nested deeper than 1024 levels.

    A ``RecursionError``, as the standard library raises for deep nesting,
    and a ``ValueError``.
    """


class DecodeNestingError(JSONDecodeError, NestingError):
    """Raised by :func:`loads` for documents nested deeper than 1024 levels
    (``kind == "nesting_too_deep"``): a :class:`JSONDecodeError` and a
    ``RecursionError``, which is what ``json.loads`` raises for them."""


class InvalidUTF8Error(JSONDecodeError, UnicodeDecodeError):
    """Raised by :func:`loads` for bytes that are not valid UTF-8
    (``kind == "invalid_utf8"``): the ``UnicodeDecodeError`` ``json.loads``
    raises (same ``encoding``, ``object``, ``start``, ``end``, ``reason`` and
    message) that is also a :class:`JSONDecodeError` locating the bad byte."""

    def __init__(self, unicode_error, decode_error):
        e, d = unicode_error, decode_error
        UnicodeDecodeError.__init__(self, e.encoding, e.object, e.start, e.end, e.reason)
        self.msg, self.doc, self.pos = d.msg, d.doc, d.pos
        self.lineno, self.colno = d.lineno, d.colno
        self.kind, self.byte_offset = d.kind, d.byte_offset

    def __reduce__(self):
        return UnicodeDecodeError, (self.encoding, self.object, self.start, self.end, self.reason)


def _std_decode_error(std, kind=None, byte_offset=None):
    """The standard library's decode error ``std`` as a brownfield one."""
    return JSONDecodeError(std.msg, std.doc, std.pos, kind, byte_offset)


def _decode_fallback(s, err, kw):
    """Runs the standard decoder on ``s`` after the core rejected it with
    ``err``: returns ``json``'s value when it accepts ``s``, else raises
    ``json``'s message and position with the core's kind and offset."""
    if err.kind == "nesting_too_deep":
        raise err
    if not isinstance(s, str):
        s = bytes(s)
        if s.startswith(_BOM) and err.byte_offset == 0:
            # json skips a UTF-8 BOM in bytes (and reports positions after
            # it): so does brownfield, still on the fast path.
            return loads(s[len(_BOM):], **kw)
        if err.kind == "invalid_utf8" and _detect_encoding(s) == "utf-8":
            try:
                s.decode("utf-8", "surrogatepass")
            except UnicodeDecodeError as unicode_error:
                raise InvalidUTF8Error(unicode_error, err) from None
            # Encoded surrogates: json decodes them with surrogatepass.
    try:
        return _std_loads(s, **kw)
    except _json.JSONDecodeError as std:
        raise _std_decode_error(std, err.kind, err.byte_offset) from None
    except RecursionError:
        raise err from None


def _hooks(object_hook, parse_float, parse_int, parse_constant, object_pairs_hook, kw):
    """The keyword arguments ``json.loads`` passes to its decoder class."""
    for name, value in (
        ("object_hook", object_hook),
        ("parse_float", parse_float),
        ("parse_int", parse_int),
        ("parse_constant", parse_constant),
        ("object_pairs_hook", object_pairs_hook),
    ):
        if value is not None:
            kw[name] = value
    return kw


def _loads(
    s,
    *,
    cls=None,
    object_hook=None,
    parse_float=None,
    parse_int=None,
    parse_constant=None,
    object_pairs_hook=None,
    **kw,
):
    """:func:`loads` with keywords: the signature of ``json.loads``."""
    if cls is None and parse_float is None and parse_int is None and not kw:
        try:
            return _native_loads(s, object_hook, object_pairs_hook)
        except JSONDecodeError as err:
            hooks = _hooks(object_hook, None, None, parse_constant, object_pairs_hook, {})
            return _decode_fallback(s, err, hooks)
    # The standard library's path for custom decoders and number hooks.
    if isinstance(s, str):
        if s.startswith("\ufeff"):
            raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
    else:
        if isinstance(s, memoryview):
            s = bytes(s)
        if not isinstance(s, (bytes, bytearray)):
            raise TypeError(
                f"the JSON object must be str, bytes or bytearray, not {s.__class__.__name__}"
            )
        s = s.decode(_detect_encoding(s), "surrogatepass")
    if cls is None:
        cls = JSONDecoder
    kw = _hooks(object_hook, parse_float, parse_int, parse_constant, object_pairs_hook, kw)
    try:
        return cls(**kw).decode(s)
    except JSONDecodeError:
        raise
    except _json.JSONDecodeError as std:
        raise _std_decode_error(std) from None


_native_loads = _native.loads

# loads(s, **kw), exactly like json.loads: native, so that the common call
# without keywords runs no Python code; any other call (keywords, or
# arguments missing) goes to _loads as it was made, and input the core
# rejects to _decode_fallback. Its __text_signature__ shows the keywords of
# json.loads; _loads is named loads in the TypeErrors it raises for bad
# arguments.
loads = _native._api.loads
_loads.__qualname__ = "loads"


def load(
    fp,
    *,
    cls=None,
    object_hook=None,
    parse_float=None,
    parse_int=None,
    parse_constant=None,
    object_pairs_hook=None,
    **kw,
):
    """Deserialize ``fp.read()`` like ``json.load``; see :func:`loads`."""
    return loads(
        fp.read(),
        cls=cls,
        object_hook=object_hook,
        parse_float=parse_float,
        parse_int=parse_int,
        parse_constant=parse_constant,
        object_pairs_hook=object_pairs_hook,
        **kw,
    )


def loads_lines(data):
    """Parse NDJSON: every non-blank line of ``data`` (``str`` or a
    bytes-like object of UTF-8) as one JSON document, and return the list
    of values in line order. Worker threads parse the lines in parallel
    while the calling thread builds the values (which needs the GIL;
    other Python threads get turns between batches, as beside Python code).

    Lines end at ``\\n`` (a trailing ``\\r`` is dropped); lines of only
    ASCII whitespace are skipped. The result equals ``[json.loads(l) for l
    in lines]`` over the other lines, including what ``json`` accepts beyond
    RFC 8259 (such lines are handed to :func:`loads`). A bad line raises
    :class:`JSONDecodeError` with ``json``'s message for that line and
    ``doc``/``pos``/``lineno``/``colno`` pointing into the whole input.
    """
    try:
        return _native.loads_lines(data)
    except JSONDecodeError as err:
        if err.kind in ("nesting_too_deep", "invalid_utf8"):
            raise
        return _loads_lines_slow(err.doc)


_NDJSON_BLANK = " \t\n\r\x0c"


def _loads_lines_slow(text):
    """:func:`loads_lines` line by line through :func:`loads` (after the
    core rejected a line), re-anchoring a line's error in the whole input."""
    values = []
    start = 0
    for line in text.split("\n"):
        body = line[:-1] if line.endswith("\r") else line
        if body.strip(_NDJSON_BLANK):
            try:
                values.append(loads(body))
            except JSONDecodeError as e:
                pos = start + e.pos
                offset = len(text[:pos].encode("utf-8", "surrogatepass"))
                raise JSONDecodeError(e.msg, text, pos, e.kind, offset) from None
        start += len(line) + 1
    return values


class JSONDecoder(_StdDecoder):
    """``json.JSONDecoder`` whose :meth:`decode` parses with the core.

    Same constructor (``object_hook``, ``parse_float``, ``parse_int``,
    ``parse_constant``, ``strict``, ``object_pairs_hook``). With
    ``parse_float``/``parse_int``, an overridden ``raw_decode``, or input
    the core rejects, it decodes like the standard class.
    """

    def decode(self, s, _w=None):
        """Return the Python value of the JSON document ``s`` (a ``str``)."""
        if (
            isinstance(s, str)
            and self.parse_float is float
            and self.parse_int is int
            and type(self).raw_decode is _StdDecoder.raw_decode
        ):
            try:
                return _native.loads(s, self.object_hook, self.object_pairs_hook)
            except JSONDecodeError as err:
                if err.kind == "nesting_too_deep":
                    raise
                return self._std_decode(s, err)
        return self._std_decode(s, None)

    def _std_decode(self, s, err):
        """The standard decoder's result, or its error as ours."""
        try:
            return super().decode(s)
        except JSONDecodeError:
            raise
        except _json.JSONDecodeError as std:
            if err is None:
                raise _std_decode_error(std) from None
            raise _std_decode_error(std, err.kind, err.byte_offset) from None
        except RecursionError:
            if err is None:
                raise
            raise err from None


def _indent_text(indent):
    """``indent`` as the string ``json`` repeats per level (``None``: one line)."""
    if indent is None or isinstance(indent, str):
        return indent
    return " " * indent


def _separators(separators, indent):
    """``(item_separator, key_separator)`` as ``json`` chooses them."""
    if separators is not None:
        return separators
    if indent is not None:
        return ",", ": "
    return ", ", ": "


def _encode(native, obj, skipkeys, ensure_ascii, check_circular, allow_nan, indent,
            separators, default, sort_keys, extended):
    """Serializes with the core; a ``str`` with lone surrogates (no UTF-8
    form) is written by the standard encoder instead, as ``json`` does."""
    item_separator, key_separator = _separators(separators, indent)
    try:
        return native(
            obj,
            skipkeys=skipkeys,
            ensure_ascii=ensure_ascii,
            check_circular=check_circular,
            allow_nan=allow_nan,
            indent=_indent_text(indent),
            item_separator=item_separator,
            key_separator=key_separator,
            default=default,
            sort_keys=sort_keys,
            extended=extended,
        )
    except UnicodeEncodeError as err:
        if extended or err.reason != "surrogates not allowed":
            raise
        text = _std_dumps(
            obj,
            skipkeys=skipkeys,
            ensure_ascii=ensure_ascii,
            check_circular=check_circular,
            allow_nan=allow_nan,
            indent=indent,
            separators=separators,
            default=default,
            sort_keys=sort_keys,
        )
        return text if native is _native.dumps else text.encode("utf-8")


def _std_default(encoder):
    """The encoder's ``default`` unless it is the standard one (which only
    raises ``TypeError``, as the core does by itself)."""
    default = encoder.default
    if getattr(default, "__func__", None) is _StdEncoder.default:
        return None
    return default


def _native_capable(encoder):
    """Whether ``encoder`` (a ``json.JSONEncoder``) writes what the core
    writes: it does not override ``encode`` or ``iterencode``."""
    t = type(encoder)
    return t.encode in (JSONEncoder.encode, _StdEncoder.encode) and t.iterencode in (
        JSONEncoder.iterencode,
        _StdEncoder.iterencode,
    )


def _encode_with(native, encoder, obj):
    """Serializes ``obj`` with the options of ``encoder``."""
    return _encode(
        native,
        obj,
        encoder.skipkeys,
        encoder.ensure_ascii,
        encoder.check_circular,
        encoder.allow_nan,
        encoder.indent,
        (encoder.item_separator, encoder.key_separator),
        _std_default(encoder),
        encoder.sort_keys,
        getattr(encoder, "extended", False),
    )


def _dumps(native, obj, skipkeys, ensure_ascii, check_circular, allow_nan, cls, indent,
           separators, default, sort_keys, extended, kw):
    """``dumps``/``dumpb``: the core directly, or through ``cls``."""
    if cls is None and not kw:
        return _encode(native, obj, skipkeys, ensure_ascii, check_circular, allow_nan,
                       indent, separators, default, sort_keys, extended)
    if cls is None:
        cls = JSONEncoder
    if extended:
        kw["extended"] = extended
    encoder = cls(
        skipkeys=skipkeys,
        ensure_ascii=ensure_ascii,
        check_circular=check_circular,
        allow_nan=allow_nan,
        indent=indent,
        separators=separators,
        default=default,
        sort_keys=sort_keys,
        **kw,
    )
    if _native_capable(encoder):
        return _encode_with(native, encoder, obj)
    text = encoder.encode(obj)
    return text if native is _native.dumps else text.encode("utf-8")


def _dumps_full(
    obj,
    *,
    skipkeys=False,
    ensure_ascii=True,
    check_circular=True,
    allow_nan=True,
    cls=None,
    indent=None,
    separators=None,
    default=None,
    sort_keys=False,
    extended=False,
    **kw,
):
    """:func:`dumps` with keywords: the signature of ``json.dumps`` plus
    ``extended``."""
    return _dumps(_native.dumps, obj, skipkeys, ensure_ascii, check_circular, allow_nan, cls,
                  indent, separators, default, sort_keys, extended, kw)


def _dumpb_full(
    obj,
    *,
    skipkeys=False,
    ensure_ascii=True,
    check_circular=True,
    allow_nan=True,
    cls=None,
    indent=None,
    separators=None,
    default=None,
    sort_keys=False,
    extended=False,
    **kw,
):
    """:func:`dumpb` with keywords (those of :func:`dumps`)."""
    return _dumps(_native.dumpb, obj, skipkeys, ensure_ascii, check_circular, allow_nan, cls,
                  indent, separators, default, sort_keys, extended, kw)


# dumps(obj, **kw) and dumpb(obj, **kw), exactly like json.dumps (dumpb
# returns UTF-8 bytes): native, so that the common call without keywords
# runs no Python code; with keywords (or a str with lone surrogates to
# write, or arguments missing) they call _dumps_full/_dumpb_full, which are
# named after them in the TypeErrors they raise for bad arguments. Their
# __text_signature__ shows the keywords.
dumps = _native._api.dumps
dumpb = _native._api.dumpb
_dumps_full.__qualname__ = "dumps"
_dumpb_full.__qualname__ = "dumpb"


def dump(
    obj,
    fp,
    *,
    skipkeys=False,
    ensure_ascii=True,
    check_circular=True,
    allow_nan=True,
    cls=None,
    indent=None,
    separators=None,
    default=None,
    sort_keys=False,
    extended=False,
    **kw,
):
    """Serialize ``obj`` as JSON to ``fp.write``, like ``json.dump`` with the
    same arguments (the text is written in one call, or chunk by chunk when
    ``cls`` overrides ``iterencode``)."""
    if cls is None and not kw:
        fp.write(dumps(obj, skipkeys=skipkeys, ensure_ascii=ensure_ascii,
                       check_circular=check_circular, allow_nan=allow_nan, indent=indent,
                       separators=separators, default=default, sort_keys=sort_keys,
                       extended=extended))
        return
    if cls is None:
        cls = JSONEncoder
    if extended:
        kw["extended"] = extended
    encoder = cls(skipkeys=skipkeys, ensure_ascii=ensure_ascii, check_circular=check_circular,
                  allow_nan=allow_nan, indent=indent, separators=separators, default=default,
                  sort_keys=sort_keys, **kw)
    for chunk in encoder.iterencode(obj):
        fp.write(chunk)


class JSONEncoder(_StdEncoder):
    """``json.JSONEncoder`` whose :meth:`encode` writes with the core.

    Same constructor and attributes, plus ``extended`` (see :func:`dumps`).
    Subclasses may override :meth:`default` (called only for objects the
    core cannot write); when they override :meth:`iterencode`, :meth:`encode`
    goes through it as the standard class does.
    """

    def __init__(
        self,
        *,
        skipkeys=False,
        ensure_ascii=True,
        check_circular=True,
        allow_nan=True,
        sort_keys=False,
        indent=None,
        separators=None,
        default=None,
        extended=False,
    ):
        super().__init__(
            skipkeys=skipkeys,
            ensure_ascii=ensure_ascii,
            check_circular=check_circular,
            allow_nan=allow_nan,
            sort_keys=sort_keys,
            indent=indent,
            separators=separators,
            default=default,
        )
        self.extended = extended

    def encode(self, o):
        """Return the JSON ``str`` for ``o``."""
        if type(self).iterencode is not JSONEncoder.iterencode:
            return _StdEncoder.encode(self, o)
        return _encode_with(_native.dumps, self, o)

    def iterencode(self, o, _one_shot=False):
        """Yield the JSON text for ``o`` (in one chunk)."""
        yield _encode_with(_native.dumps, self, o)


_PATCHED = ("loads", "dumps", "load", "dump")
_saved = None


def patch():
    """Replace the standard ``json`` module's ``loads``, ``dumps``, ``load``
    and ``dump`` with brownfield's, for the whole running app (code that
    calls ``json.loads(...)`` picks them up; names imported earlier with
    ``from json import loads`` keep the originals). Idempotent."""
    global _saved
    if _saved is None:
        _saved = {name: getattr(_json, name) for name in _PATCHED}
    for name in _PATCHED:
        setattr(_json, name, globals()[name])


def unpatch():
    """Restore exactly the functions :func:`patch` replaced (no-op when not
    patched)."""
    global _saved
    if _saved is None:
        return
    for name, fn in _saved.items():
        setattr(_json, name, fn)
    _saved = None


def is_patched():
    """Whether :func:`patch` is in effect."""
    return _saved is not None


@_contextmanager
def patched():
    """Context manager: :func:`patch` on entry, :func:`unpatch` on exit
    (unless it was already patched before entering)."""
    was = is_patched()
    patch()
    try:
        yield
    finally:
        if not was:
            unpatch()
