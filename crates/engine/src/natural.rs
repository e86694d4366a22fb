//! Natural numbers of any size, for counting configurations.
//!
//! Counts overflow 128 bits on real models (a feature model with 1,000 free options has 2^1000
//! configurations). Counting needs addition, multiplication, shifts and decimal printing, and
//! nothing else, so this is a small type of its own rather than a general big-number library
//! (which cost the web build about 8 KB gzipped). Schoolbook multiplication: the numbers met
//! here have a few dozen limbs at most.

use std::fmt;
use std::ops::{Add, AddAssign, Mul, MulAssign, Shl};

/// A natural number: little-endian 32-bit limbs without trailing zero limbs (so zero has none
/// and equal numbers have equal limbs; checked under `debug_assertions`).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Natural(Vec<u32>);

impl Natural {
    /// Zero.
    pub const ZERO: Natural = Natural(Vec::new());

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// The 32-bit limbs, least significant first (none for zero).
    pub fn limbs(&self) -> &[u32] {
        &self.0
    }

    /// A number from its 32-bit limbs, least significant first.
    pub fn from_limbs(limbs: Vec<u32>) -> Natural {
        Natural::normalized(limbs)
    }

    /// `self` to the power `exp`.
    pub fn pow(&self, exp: u32) -> Natural {
        (0..exp).fold(Natural::from(1u32), |acc, _| &acc * self)
    }

    /// The value, if it fits in 128 bits.
    pub fn to_u128(&self) -> Option<u128> {
        if self.0.len() > 4 {
            return None;
        }
        Some(
            self.0
                .iter()
                .rev()
                .fold(0u128, |acc, &l| (acc << 32) | u128::from(l)),
        )
    }

    fn normalized(mut limbs: Vec<u32>) -> Natural {
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
        Natural(limbs)
    }

    /// Divides in place by a small divisor and returns the remainder.
    fn div_rem_small(&mut self, d: u32) -> u32 {
        let mut rem = 0u64;
        for limb in self.0.iter_mut().rev() {
            let cur = (rem << 32) | u64::from(*limb);
            *limb = (cur / u64::from(d)) as u32;
            rem = cur % u64::from(d);
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        rem as u32
    }

    fn debug_check(&self) {
        debug_assert!(self.0.last() != Some(&0), "trailing zero limb");
    }
}

impl From<u32> for Natural {
    fn from(v: u32) -> Natural {
        Natural::from(u64::from(v))
    }
}

impl From<u64> for Natural {
    fn from(v: u64) -> Natural {
        Natural::normalized(vec![v as u32, (v >> 32) as u32])
    }
}

impl From<usize> for Natural {
    fn from(v: usize) -> Natural {
        Natural::from(v as u64)
    }
}

impl From<u128> for Natural {
    fn from(v: u128) -> Natural {
        Natural::normalized((0..4).map(|k| (v >> (32 * k)) as u32).collect())
    }
}

impl AddAssign<&Natural> for Natural {
    fn add_assign(&mut self, rhs: &Natural) {
        if self.0.len() < rhs.0.len() {
            self.0.resize(rhs.0.len(), 0);
        }
        let mut carry = 0u64;
        for (k, limb) in self.0.iter_mut().enumerate() {
            let sum = u64::from(*limb) + u64::from(rhs.0.get(k).copied().unwrap_or(0)) + carry;
            *limb = sum as u32;
            carry = sum >> 32;
            if carry == 0 && k >= rhs.0.len() {
                break;
            }
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
        self.debug_check();
    }
}

impl AddAssign for Natural {
    fn add_assign(&mut self, rhs: Natural) {
        *self += &rhs;
    }
}

impl Add for Natural {
    type Output = Natural;
    fn add(mut self, rhs: Natural) -> Natural {
        self += &rhs;
        self
    }
}

impl Mul for &Natural {
    type Output = Natural;
    fn mul(self, rhs: &Natural) -> Natural {
        if self.is_zero() || rhs.is_zero() {
            return Natural::ZERO;
        }
        let mut out = vec![0u32; self.0.len() + rhs.0.len()];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in rhs.0.iter().enumerate() {
                let cur = u64::from(a) * u64::from(b) + u64::from(out[i + j]) + carry;
                out[i + j] = cur as u32;
                carry = cur >> 32;
            }
            out[i + rhs.0.len()] = carry as u32;
        }
        Natural::normalized(out)
    }
}

impl Mul<Natural> for &Natural {
    type Output = Natural;
    fn mul(self, rhs: Natural) -> Natural {
        self * &rhs
    }
}

impl Mul for Natural {
    type Output = Natural;
    fn mul(self, rhs: Natural) -> Natural {
        &self * &rhs
    }
}

impl Mul<u64> for Natural {
    type Output = Natural;
    fn mul(self, rhs: u64) -> Natural {
        &self * &Natural::from(rhs)
    }
}

impl MulAssign for Natural {
    fn mul_assign(&mut self, rhs: Natural) {
        *self = &*self * &rhs;
    }
}

impl Shl<u32> for Natural {
    type Output = Natural;
    fn shl(self, bits: u32) -> Natural {
        if self.is_zero() {
            return self;
        }
        let (limbs, bits) = ((bits / 32) as usize, bits % 32);
        let mut out = vec![0u32; limbs];
        let mut carry = 0u32;
        for &l in &self.0 {
            if bits == 0 {
                out.push(l);
            } else {
                out.push((l << bits) | carry);
                carry = l >> (32 - bits);
            }
        }
        out.push(carry);
        Natural::normalized(out)
    }
}

impl fmt::Display for Natural {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Nine decimal digits at a time, least significant group first.
        const GROUP: u32 = 1_000_000_000;
        let mut rest = self.clone();
        let mut groups = Vec::new();
        while !rest.is_zero() {
            groups.push(rest.div_rem_small(GROUP));
        }
        let mut text = groups.last().map_or("0".to_owned(), |g| g.to_string());
        for g in groups.iter().rev().skip(1) {
            text.push_str(&format!("{g:09}"));
        }
        f.pad_integral(true, "", &text)
    }
}

impl fmt::Debug for Natural {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl PartialOrd for Natural {
    fn partial_cmp(&self, other: &Natural) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Natural {
    fn cmp(&self, other: &Natural) -> std::cmp::Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Vec<u128> {
        let mut out = vec![0, 1, 2, 9, 10, 999_999_999, 1_000_000_000, u32::MAX as u128];
        out.extend([
            u32::MAX as u128 + 1,
            u64::MAX as u128,
            1u128 << 64,
            1u128 << 100,
        ]);
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..40 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            out.push(u128::from(s) >> (s % 60));
        }
        out
    }

    /// Against `u128` arithmetic wherever the result fits.
    #[test]
    fn arithmetic_matches_u128() {
        for a in values() {
            let na = Natural::from(a);
            assert_eq!(na.to_u128(), Some(a));
            assert_eq!(na.to_string(), a.to_string());
            assert_eq!(na.is_zero(), a == 0);
            for b in values() {
                let nb = Natural::from(b);
                assert_eq!(na.cmp(&nb), a.cmp(&b), "{a} vs {b}");
                if let Some(s) = a.checked_add(b) {
                    assert_eq!((na.clone() + nb.clone()).to_u128(), Some(s), "{a} + {b}");
                }
                if let Some(p) = a.checked_mul(b) {
                    assert_eq!((&na * &nb).to_u128(), Some(p), "{a} * {b}");
                }
            }
            for bits in [0, 1, 5, 31, 32, 33, 60] {
                if a.leading_zeros() >= bits {
                    assert_eq!(
                        (na.clone() << bits).to_u128(),
                        Some(a << bits),
                        "{a} << {bits}"
                    );
                }
            }
        }
    }

    /// Beyond 128 bits: decimal text of known powers, and (x * y) / y through repeated division.
    #[test]
    fn large_values_print_in_decimal() {
        assert_eq!(
            Natural::from(1u32).shl(200).to_string(),
            "1606938044258990275541962092341162602522202993782792835301376"
        );
        assert_eq!(
            Natural::from(3u32).pow(100).to_string(),
            "515377520732011331036461129765621272702107522001"
        );
        assert_eq!(format!("{:>5}", Natural::from(42u32)), "   42");
        assert_eq!(Natural::ZERO.to_string(), "0");
        let big = Natural::from(7u32).pow(90);
        let mut q = &big * &Natural::from(1_000_000_000u32);
        assert_eq!(q.div_rem_small(1_000_000_000), 0);
        assert_eq!(q, big);
    }

    /// Beyond 128 bits, against an independent big-number library: sums, products, shifts and
    /// decimal text of random numbers up to ~1,000 bits.
    #[test]
    fn large_arithmetic_matches_num_bigint() {
        use num_bigint::BigUint;
        let mut s = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let mut random = |limbs: u64| -> (Natural, BigUint) {
            let digits: Vec<u32> = (0..limbs).map(|_| next() as u32).collect();
            (
                Natural::normalized(digits.clone()),
                BigUint::from_slice(&digits),
            )
        };
        for round in 0..300u64 {
            let (a, ba) = random(round % 33);
            let (b, bb) = random((round * 7) % 29);
            assert_eq!((a.clone() + b.clone()).to_string(), (&ba + &bb).to_string());
            assert_eq!((&a * &b).to_string(), (&ba * &bb).to_string());
            let bits = (round % 70) as u32;
            assert_eq!((a.clone() << bits).to_string(), (&ba << bits).to_string());
            assert_eq!(a.cmp(&b), ba.cmp(&bb));
        }
    }
}
