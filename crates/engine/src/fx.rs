//! A fast, deterministic hasher (FxHash) and the map built on it, shared by the diagram
//! compiler, the model counter and the catalog's table columns.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast, deterministic hasher (FxHash) for the compile's memo tables and the catalog's
/// table columns (item keys). Byte slices (strings) are mixed four bytes at a time; `finish`
/// rotates the well-mixed high bits down, since hashbrown picks buckets by the low bits (as
/// rustc-hash 2 does).
#[derive(Default)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(4);
        for w in &mut words {
            self.write_u64(u64::from(u32::from_le_bytes([w[0], w[1], w[2], w[3]])));
        }
        for &b in words.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A hash map with the [`Fx`] hasher.
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A hash set with the [`Fx`] hash.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type FxSet<K> = std::collections::HashSet<K, BuildHasherDefault<Fx>>;
