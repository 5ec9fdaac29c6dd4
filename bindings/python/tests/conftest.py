"""Shared fixtures: where the shared test vectors and the JSON corpus live.

The corpus directory is $BROWNFIELD_DATA_DIR/json (default: the repository's
../shared/data/json). Tests that need it fail, never skip, when it is missing.
"""

import os
import sys
import tempfile
from pathlib import Path

# Keep hypothesis's files out of the checkout (read lazily, before first use).
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "brownfield-hypothesis")
)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
VECTORS = REPO / "tests" / "vectors" / "json"

# No example database: the suite leaves nothing behind in the checkout.
settings.register_profile("brownfield", database=None)
settings.load_profile("brownfield")


def corpus_dir() -> Path:
    """The directory of the JSON corpus documents."""
    base = os.environ.get("BROWNFIELD_DATA_DIR")
    data = Path(base) if base else REPO.parent / "shared" / "data"
    return data / "json"


def corpus_files():
    """Every *.json corpus document; raises if the corpus is missing."""
    d = corpus_dir()
    files = sorted(d.glob("*.json"))
    if not files:
        raise FileNotFoundError(
            f"JSON corpus not found in {d} (set BROWNFIELD_DATA_DIR to the folder holding json/)"
        )
    return files


def manifest():
    """The shared vectors: (kind, name, error_kind, byte_offset) tuples."""
    rows = []
    for line in (VECTORS / "manifest.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        if f[0] == "valid":
            rows.append(("valid", f[1], None, None))
        elif f[0] == "invalid":
            rows.append(("invalid", f[1], f[2], int(f[3])))
        else:
            raise ValueError(f"bad manifest line: {line!r}")
    return rows


@pytest.fixture
def deep_recursion():
    """Lets the standard library's json (the oracle) handle 1024-deep input."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 10_000))
    yield
    sys.setrecursionlimit(old)


def json_outcome(fn, *args, **kw):
    """What ``fn(*args, **kw)`` gives, for comparing brownfield with json:
    ``("value", repr(value))`` or ``("error", kind, details)`` where the
    details are what must match between the two (message, positions)."""
    import json

    try:
        value = fn(*args, **kw)
    except RecursionError:
        return ("error", "RecursionError")
    except UnicodeDecodeError as e:
        return ("error", "UnicodeDecodeError", str(e))
    except json.JSONDecodeError as e:
        return ("error", "JSONDecodeError", e.msg, e.pos, e.lineno, e.colno)
    except (TypeError, ValueError) as e:
        return ("error", type(e).__name__, str(e))
    # repr: NaN == NaN, and -0.0 vs 0.0 are told apart.
    return ("value", repr(value))
