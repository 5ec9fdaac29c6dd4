from brownfield import json as json
from brownfield import logs as logs

__version__: str
__all__ = ["__version__", "json", "logs"]
