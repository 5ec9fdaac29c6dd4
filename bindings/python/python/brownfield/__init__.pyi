from brownfield import json as json

__version__: str
__all__ = ["__version__", "json"]
