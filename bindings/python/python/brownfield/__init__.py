"""brownfield: one Rust performance core for legacy Python apps.

Swap the hot path, keep the app::

    import brownfield.json as json   # was: import json

``brownfield.json`` is a drop-in for the standard ``json`` module (same
functions, keywords, output and errors); ``brownfield.logs.query`` runs
parallel group-by queries over NDJSON and log files.
"""

from brownfield import json, logs
from brownfield._brownfield import __version__

__all__ = ["__version__", "json", "logs"]
