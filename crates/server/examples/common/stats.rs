//! Figures the load tests print (a module of both examples, not an example itself).

use std::time::Duration;

/// The `p` quantile (0 to 1) of sorted latencies, in milliseconds (0 when there are none).
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let k = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[k].as_secs_f64() * 1000.0
}
