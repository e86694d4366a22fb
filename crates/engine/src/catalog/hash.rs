//! The content hash that names a catalog version.

/// A 128-bit content hash of `bytes`, as 32 hex digits: two independent 64-bit lanes of
/// multiply-rotate mixing over 8-byte words, then the length, finalised with the MurmurHash3
/// mix. It names a catalog version (quotes and share links carry it) and reads multi-megabyte
/// catalogs in about a millisecond; it is not a signature: `verify` recomputes every price from
/// the catalog itself.
pub fn content_hash(bytes: &[u8]) -> String {
    fn fmix(mut h: u64) -> u64 {
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
    let (mut a, mut b) = (0x9e37_79b9_7f4a_7c15u64, 0x6c62_272e_07bb_0142u64);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("chunks of eight"));
        a = (a ^ w).wrapping_mul(0x87c3_7b91_1142_53d5).rotate_left(31);
        b = (b ^ w.rotate_left(29))
            .wrapping_mul(0x4cf5_ad43_2745_937f)
            .rotate_left(27);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    let w = u64::from_le_bytes(tail) ^ (bytes.len() as u64);
    a = fmix(a ^ w);
    b = fmix(b ^ w.rotate_left(32) ^ a);
    format!("{a:016x}{b:016x}")
}
