//! The content hashes that name a catalog version.
//!
//! [`content_hash`] (SHA-256) is what quotes (format 2) and share links (version 3) carry:
//! nobody can make two catalogs with the same hash on purpose. [`legacy_hash`] is the 128-bit
//! non-cryptographic mix that quotes of format 1 and share links of versions 1 and 2 carry; it
//! is kept only to recognise them, never to name a new quote or link.

use sha2::{Digest, Sha256};

/// Lower-case hex digits of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]])
        .map(char::from)
        .collect()
}

/// The SHA-256 of `bytes`, as 64 lower-case hex digits.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The hash of earlier versions (quote format 1, share links 1 and 2), as 32 hex digits: two
/// 64-bit lanes of multiply-rotate mixing over 8-byte words, then the length, finalised with
/// the MurmurHash3 mix. Fast, but anyone can collide it on purpose: only to recognise old
/// quotes and links.
pub fn legacy_hash(bytes: &[u8]) -> String {
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
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        let w = u64::from_le_bytes(word);
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
