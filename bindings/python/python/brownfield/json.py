"""Drop-in replacements for the standard library's ``json.loads`` and
``json.dumps``, backed by the brownfield Rust core.

- ``loads(s)`` accepts ``str``, ``bytes``, ``bytearray`` or ``memoryview``
  (UTF-8) and returns what ``json.loads(s)`` returns. The core is strict
  RFC 8259: it rejects what ``json`` tolerates beyond the RFC (``NaN``,
  ``Infinity``, lone surrogate escapes, a UTF-8 BOM, UTF-16/32 bytes).
- ``dumps(obj)`` returns exactly what ``json.dumps(obj)`` returns with
  default arguments.
- Invalid input raises :class:`JSONDecodeError`, a subclass of
  ``json.JSONDecodeError`` (so also of ``ValueError``).
"""

import json as _json

from brownfield._brownfield import dumps, loads

__all__ = ["JSONDecodeError", "dumps", "loads"]


class JSONDecodeError(_json.JSONDecodeError):
    """Raised by :func:`loads` for input that is not a JSON document.

    Like ``json.JSONDecodeError`` it has ``msg``, ``doc`` (the input as a
    ``str``; bytes are decoded with replacement characters), ``pos`` (a
    character index into ``doc``), ``lineno`` and ``colno``. It adds:

    - ``kind``: the core's machine-readable error kind, e.g.
      ``"unexpected_eof"`` or ``"invalid_utf8"``;
    - ``byte_offset``: where the error is in the UTF-8 input, in bytes.
    """

    def __init__(self, msg, doc, pos, kind=None, byte_offset=None):
        super().__init__(msg, doc, pos)
        self.kind = kind
        if byte_offset is None:
            byte_offset = len(doc[:pos].encode("utf-8", "surrogatepass"))
        self.byte_offset = byte_offset

    def __reduce__(self):
        return self.__class__, (self.msg, self.doc, self.pos, self.kind, self.byte_offset)
