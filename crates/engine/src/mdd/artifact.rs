//! A compiled decision diagram as a file: compiled once, off-line (`configurator compile`),
//! and loaded by the app and the CLI instead of compiling again. See
//! `docs/diagram-artifact.md` for the format.
//!
//! The file names the catalog it was compiled from by the catalog's content hash, and ends with
//! the SHA-256 of everything before it: a file for another catalog version (stale), cut short,
//! or with a flipped bit is refused with an [`ArtifactError`] that says which, and the caller
//! compiles or uses the solver instead. Reading checks every bound (levels, child ids, child
//! levels below their parents), so a damaged file can neither panic nor give a wrong answer
//! through an out-of-range read.

use sha2::{Digest, Sha256};

use super::{Mdd, Vars, FALSE, TRUE};
use crate::catalog::Catalog;

/// The first bytes of every artifact.
const MAGIC: &[u8; 8] = b"\x89CFGMDD\n";

/// The format version this engine writes and reads.
const VERSION: u32 = 1;

/// Why an artifact cannot be used for a catalog.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArtifactError {
    /// The file does not start like a diagram artifact.
    #[error("not a compiled decision diagram (the file does not start with its signature)")]
    NotADiagram,
    /// Written by another version of the format.
    #[error("written in diagram format version {0}; this engine reads version {VERSION}: compile it again")]
    Version(u32),
    /// The checksum does not match: the file was cut short or changed.
    #[error(
        "damaged: its checksum does not match its content (cut short or changed); compile it again"
    )]
    Damaged,
    /// Compiled from another version of the catalog.
    #[error("stale: compiled from another version of the catalog (content hash {found}, the catalog's is {expected}); compile it again")]
    OtherCatalog {
        /// The catalog's content hash.
        expected: String,
        /// The hash the artifact names.
        found: String,
    },
    /// The checksum matches but the content is not a diagram of this catalog's levels.
    #[error("malformed: {0}")]
    Malformed(&'static str),
}

fn put_varint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// A child id written relative to its parent `u` (children have smaller ids): terminals as
/// themselves, others as `u - k + 1` (at least 2), small when they are near.
fn child_code(u: u32, k: u32) -> u64 {
    if k <= TRUE {
        u64::from(k)
    } else {
        u64::from(u - k + 1)
    }
}

impl Mdd {
    /// The artifact of this diagram of `catalog`.
    pub(crate) fn to_artifact(&self, catalog: &Catalog) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.children.len() * 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&hash_bytes(&catalog.hash));
        put_varint(&mut out, self.order.len() as u64);
        for &l in &self.order {
            put_varint(&mut out, u64::from(l));
        }
        put_varint(&mut out, self.size() as u64);
        put_varint(&mut out, u64::from(self.root));
        for u in 2..self.size() as u32 {
            put_varint(&mut out, u64::from(self.level[u as usize]));
            for &k in self.kids(u) {
                put_varint(&mut out, child_code(u, k));
            }
        }
        let sum = Sha256::digest(&out);
        out.extend_from_slice(&sum);
        out
    }

    /// The diagram of `catalog` in `bytes` (see [`Mdd::to_artifact`]).
    pub(crate) fn from_artifact(catalog: &Catalog, bytes: &[u8]) -> Result<Mdd, ArtifactError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(ArtifactError::NotADiagram);
        }
        let header = MAGIC.len() + 4 + 32;
        if bytes.len() < header + 32 {
            return Err(ArtifactError::Damaged);
        }
        let version = u32::from_le_bytes(
            bytes[MAGIC.len()..MAGIC.len() + 4]
                .try_into()
                .map_err(|_| ArtifactError::Damaged)?,
        );
        if version != VERSION {
            return Err(ArtifactError::Version(version));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 32);
        if Sha256::digest(body).as_slice() != sum {
            return Err(ArtifactError::Damaged);
        }
        let named = &body[MAGIC.len() + 4..header];
        if named != hash_bytes(&catalog.hash).as_slice() {
            return Err(ArtifactError::OtherCatalog {
                expected: catalog.hash.clone(),
                found: crate::catalog::hex(named),
            });
        }
        Reader {
            bytes: body,
            at: header,
        }
        .diagram(catalog)
    }
}

/// The 32 bytes of a content hash written as 64 hex digits (zeros where it is not hex).
fn hash_bytes(hash: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    let digits: Vec<u8> = hash
        .bytes()
        .map(|c| (c as char).to_digit(16).unwrap_or(0) as u8)
        .collect();
    for (k, pair) in digits.chunks(2).take(32).enumerate() {
        out[k] = pair[0] << 4 | pair.get(1).copied().unwrap_or(0);
    }
    out
}

/// Reads the body of an artifact, checking every bound.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

fn malformed(what: &'static str) -> ArtifactError {
    ArtifactError::Malformed(what)
}

impl Reader<'_> {
    fn varint(&mut self) -> Result<u64, ArtifactError> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self
                .bytes
                .get(self.at)
                .ok_or_else(|| malformed("ends in the middle of a number"))?;
            self.at += 1;
            x |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err(malformed("a number longer than 64 bits"))
    }

    /// A number below `limit`.
    fn below(&mut self, limit: u64, what: &'static str) -> Result<u32, ArtifactError> {
        let x = self.varint()?;
        if x >= limit {
            return Err(malformed(what));
        }
        Ok(x as u32)
    }

    fn diagram(mut self, catalog: &Catalog) -> Result<Mdd, ArtifactError> {
        let mut vars = Vars::in_catalog_order(catalog);
        let levels = vars.domains.len();
        let written = self.varint()?;
        if written != levels as u64 {
            return Err(malformed("not as many levels as the catalog has"));
        }
        let mut rank = Vec::with_capacity(levels);
        let mut seen = vec![false; levels];
        for _ in 0..levels {
            let l = self.below(levels as u64, "a level out of range")?;
            if std::mem::replace(&mut seen[l as usize], true) {
                return Err(malformed("a level given twice"));
            }
            rank.push(l);
        }
        vars.permute(&rank);
        // Each node takes at least one byte: a count beyond the bytes left is damage, and
        // nothing is allocated for it.
        let nodes = self.varint()?;
        if nodes < 2 || nodes > (self.bytes.len() - self.at) as u64 + 2 {
            return Err(malformed("more nodes than the file can hold"));
        }
        let root = self.below(nodes, "the root out of range")?;
        let terminal = levels as u32;
        let mut level = vec![terminal; 2];
        let mut first = vec![0u32; 2];
        let mut children = Vec::new();
        for u in 2..nodes as u32 {
            let l = self.below(levels as u64, "a node's level out of range")?;
            level.push(l);
            first.push(children.len() as u32);
            for _ in 0..vars.domains[l as usize] {
                let code = self.below(u64::from(u) + 1, "a child after its parent")?;
                let k = if code <= TRUE { code } else { u + 1 - code };
                if k > TRUE && level[k as usize] <= l {
                    return Err(malformed("a child at or above its parent's level"));
                }
                children.push(k);
            }
            // Reduced: every node has a way to TRUE (the passes rely on it).
            if children[first[u as usize] as usize..]
                .iter()
                .all(|&k| k == FALSE)
            {
                return Err(malformed("a node with no way to TRUE"));
            }
        }
        if self.at != self.bytes.len() {
            return Err(malformed("bytes after the last node"));
        }
        debug_assert!(root == FALSE || root == TRUE || root < level.len() as u32);
        Ok(Mdd::new(vars, level, first, children, root))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> (Catalog, Vec<u8>) {
        let catalog = Catalog::from_json("demo.json", crate::DEMO_CATALOG).expect("valid");
        let mdd = Mdd::compile(&catalog, crate::DIAGRAM_BUDGET).expect("fits");
        let bytes = mdd.to_artifact(&catalog);
        (catalog, bytes)
    }

    /// Re-signs a changed body, as a forger (or a buggy writer) would.
    fn resign(mut body: Vec<u8>) -> Vec<u8> {
        let sum = Sha256::digest(&body);
        body.extend_from_slice(&sum);
        body
    }

    #[test]
    fn each_kind_of_bad_file_says_what_it_is() {
        let (catalog, bytes) = demo();
        assert!(Mdd::from_artifact(&catalog, &bytes).is_ok());
        assert_eq!(
            Mdd::from_artifact(&catalog, b"{\"id\": \"a catalog\"}").unwrap_err(),
            ArtifactError::NotADiagram
        );
        let mut v2 = bytes[..bytes.len() - 32].to_vec();
        v2[8] = 2;
        assert_eq!(
            Mdd::from_artifact(&catalog, &resign(v2)).unwrap_err(),
            ArtifactError::Version(2)
        );
        assert_eq!(
            Mdd::from_artifact(&catalog, &bytes[..bytes.len() - 1]).unwrap_err(),
            ArtifactError::Damaged
        );
        let edited = crate::DEMO_CATALOG.replacen("\"name\"", " \"name\"", 1);
        let newer = Catalog::from_json("demo.json", &edited).expect("still valid");
        let err = Mdd::from_artifact(&newer, &bytes).unwrap_err();
        assert!(matches!(err, ArtifactError::OtherCatalog { .. }), "{err:?}");
        assert!(err.to_string().contains(&newer.hash), "{err}");
    }

    /// The passes take every node but FALSE to have a way to TRUE; a file with a node whose
    /// children are all FALSE is refused rather than answered wrongly.
    #[test]
    fn a_node_with_no_way_to_true_is_refused() {
        let (catalog, _) = demo();
        let mut mdd = Mdd::compile(&catalog, crate::DIAGRAM_BUDGET).expect("fits");
        let f = mdd.first[2] as usize;
        let d = mdd.domains[mdd.level[2] as usize] as usize;
        mdd.children[f..f + d].fill(FALSE);
        assert_eq!(
            Mdd::from_artifact(&catalog, &mdd.to_artifact(&catalog)).unwrap_err(),
            ArtifactError::Malformed("a node with no way to TRUE")
        );
    }

    #[test]
    fn a_re_signed_mangled_body_never_panics() {
        let (catalog, bytes) = demo();
        let body = &bytes[..bytes.len() - 32];
        let header = MAGIC.len() + 4 + 32;
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut malformed = 0;
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut b = body.to_vec();
            let at = header + (seed as usize) % (b.len() - header);
            match seed >> 60 {
                0..=9 => b[at] = (seed >> 20) as u8,
                10..=12 => b.truncate(at),
                _ => b.insert(at, (seed >> 24) as u8),
            }
            if let Err(ArtifactError::Malformed(_)) = Mdd::from_artifact(&catalog, &resign(b)) {
                malformed += 1;
            }
        }
        assert!(
            malformed > 500,
            "only {malformed} of 2000 mangled bodies refused"
        );
    }
}
