//! Sharing the GIL with other Python threads during long work that needs
//! it most of the time (building Python objects).

use brownfield::json::NextBatch;
use pyo3::prelude::*;
use std::time::{Duration, Instant};

/// Lets other Python threads run at about the pace the interpreter itself
/// switches threads, from native code that holds the GIL and can stop
/// briefly at points of its choosing.
///
/// Letting go of the GIL and taking it straight back at every such point
/// would not do: CPython's waiting thread asks for the GIL only after it
/// has waited a whole switch interval without the GIL changing hands, and
/// each brief release restarts that wait, so it would hardly ever run.
/// Releasing at most once per two switch intervals leaves the waiter time
/// to ask; once it has asked, the release hands the GIL over to it.
pub(crate) struct GilTurns {
    every: Duration,
    last: Instant,
}

impl GilTurns {
    /// Starts counting from now, with the interpreter's current switch
    /// interval (`sys.getswitchinterval()`, 5 ms by default).
    pub(crate) fn new(py: Python<'_>) -> Self {
        let interval = py
            .import("sys")
            .and_then(|sys| sys.call_method0("getswitchinterval"))
            .and_then(|v| v.extract::<f64>())
            .unwrap_or(0.005);
        Self {
            every: Duration::from_secs_f64(2.0 * interval.clamp(1e-6, 1.0)),
            last: Instant::now(),
        }
    }

    /// Before `json::for_each_line` goes on with `next`: lets the GIL go
    /// while the batch is still being parsed, or for a moment if a turn is
    /// due.
    pub(crate) fn before(&mut self, py: Python<'_>, next: NextBatch<'_>) {
        if !next.is_ready() || self.last.elapsed() >= self.every {
            py.detach(|| next.wait());
            self.last = Instant::now();
        }
    }
}
