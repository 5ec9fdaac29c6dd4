"""The native module; use `brownfield.json` instead."""

from typing import Any, Union

__version__: str

def loads(s: Union[str, bytes, bytearray, memoryview]) -> Any: ...
def dumps(obj: Any) -> str: ...
