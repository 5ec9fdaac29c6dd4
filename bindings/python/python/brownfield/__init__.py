"""brownfield: one Rust performance core for legacy Python apps.

Swap the hot path, keep the app::

    import brownfield.json as json   # was: import json

``brownfield.json.loads`` and ``brownfield.json.dumps`` behave like the
standard library's ``json.loads(s)`` and ``json.dumps(obj)`` (same values,
byte-identical output, ``json.JSONDecodeError``-compatible errors).
"""

from brownfield import json
from brownfield._brownfield import __version__

__all__ = ["__version__", "json"]
