import json as _json
from typing import Any, Union

__all__ = ["JSONDecodeError", "dumps", "loads"]

class JSONDecodeError(_json.JSONDecodeError):
    """Raised by `loads` for input that is not a JSON document."""

    kind: str | None
    """The core's error kind, e.g. ``"unexpected_eof"``."""
    byte_offset: int
    """Offset of the error in the UTF-8 input, in bytes."""
    def __init__(
        self,
        msg: str,
        doc: str,
        pos: int,
        kind: str | None = None,
        byte_offset: int | None = None,
    ) -> None: ...

def loads(s: Union[str, bytes, bytearray, memoryview]) -> Any:
    """Parse a JSON document into Python objects, like ``json.loads(s)``."""

def dumps(obj: Any) -> str:
    """Serialize ``obj`` exactly like ``json.dumps(obj)``."""
