//! Hashing and comparing group keys on the hot path: a record's key is its
//! borrowed field values ([`Val`]), a group's the owned copy ([`Value`]).
//!
//! Group keys are mostly a few short strings or small integers, so both
//! take the shortest path for those: a string of up to 16 bytes is hashed
//! and compared as two (overlapping) words, with no loop and no `memcmp`
//! call; longer ones word by word. The hash is a multiply-and-fold mix
//! whose high and low bits are both well mixed (hashbrown takes the bucket
//! from the low bits and its tag from the high ones).

use super::value::{Val, Value};

/// Odd constant of the mix (the 64-bit golden ratio).
const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes `x` into `h`: the 128-bit product folded to 64 bits.
#[inline(always)]
fn mix(h: u64, x: u64) -> u64 {
    let m = u128::from(h ^ x).wrapping_mul(u128::from(K));
    (m as u64) ^ ((m >> 64) as u64)
}

/// The first and last (up to) 8 bytes of a string of up to 16 bytes, as
/// little-endian words (they overlap when it is shorter than 16, and
/// repeat bytes when shorter than 8): together they hold every byte, so
/// with the length they tell strings apart exactly.
#[inline(always)]
fn ends(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    debug_assert!(n <= 16);
    let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let half = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes")));
    if n >= 8 {
        (word(0), word(n - 8))
    } else if n >= 4 {
        (half(0), half(n - 4))
    } else if n > 0 {
        // Bytes 0, n/2 and n-1 cover strings of 1 to 3 bytes.
        (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8,
            u64::from(b[n - 1]),
        )
    } else {
        (0, 0)
    }
}

/// Mixes string `s` into `h`.
#[inline(always)]
fn mix_str(h: u64, s: &[u8]) -> u64 {
    let h = mix(h, 4 << 56 | s.len() as u64);
    if s.len() <= 16 {
        let (a, b) = ends(s);
        return mix(mix(h, a), b);
    }
    mix_long_str(h, s)
}

/// [`mix_str`] for strings longer than 16 bytes: word by word.
#[inline(never)]
fn mix_long_str(mut h: u64, s: &[u8]) -> u64 {
    let mut words = s.chunks_exact(8);
    for w in &mut words {
        h = mix(h, u64::from_le_bytes(w.try_into().expect("8 bytes")));
    }
    // The last 8 bytes cover the remainder (the string is longer than 8).
    let last = u64::from_le_bytes(s[s.len() - 8..].try_into().expect("8 bytes"));
    mix(h, last)
}

/// Hash of a group key given as field values; `Null` and `Composite` hash
/// alike, as both become a null key. Equal keys (see [`key_eq`]) hash
/// alike.
#[inline(always)]
pub fn key_hash<'a>(vals: impl Iterator<Item = Val<'a>>) -> u64 {
    let mut h = 0;
    for v in vals {
        h = match v {
            Val::Null | Val::Composite => mix(h, 1),
            Val::Bool(b) => mix(h, 2 << 56 | u64::from(b)),
            Val::Int(i) => mix(mix(h, 3 << 56), i as u64),
            Val::Float(f) => mix(mix(h, 5 << 56), f.to_bits()),
            Val::Str(s) => mix_str(h, s.as_bytes()),
        };
    }
    h
}

/// Whether two strings are equal; up to 16 bytes as two word compares.
#[inline(always)]
fn str_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && if a.len() <= 16 {
            ends(a) == ends(b)
        } else {
            a == b
        }
}

/// Whether a stored key part equals a record's value (same kind and value;
/// floats by bit pattern, like [`Value`]'s `Eq`).
#[inline(always)]
pub fn key_eq(stored: &Value, v: Val<'_>) -> bool {
    match (stored, v) {
        (Value::Null, Val::Null | Val::Composite) => true,
        (Value::Bool(a), Val::Bool(b)) => *a == b,
        (Value::Int(a), Val::Int(b)) => *a == b,
        (Value::Float(a), Val::Float(b)) => a.to_bits() == b.to_bits(),
        (Value::Str(a), Val::Str(b)) => str_eq(a.as_bytes(), b.as_bytes()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string up to 3 bytes over a small alphabet, and every
    /// single-byte change of longer ones (up to 40 bytes): equal exactly
    /// when the bytes are, and equal strings hash alike.
    #[test]
    fn strings_compare_exactly_and_hash_alike_when_equal() {
        let mut all: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=3 {
            let mut next = Vec::new();
            for s in all.iter().filter(|s| s.len() == len - 1) {
                for c in [b'a', b'b', 0] {
                    let mut t = s.clone();
                    t.push(c);
                    next.push(t);
                }
            }
            all.extend(next);
        }
        let base: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for len in 4..=40 {
            for i in 0..len {
                let mut t = base[..len].to_vec();
                t[i] = b'#';
                all.push(t);
            }
            all.push(base[..len].to_vec());
        }
        let mut hashes = std::collections::HashSet::new();
        for a in &all {
            let sa = std::str::from_utf8(a).unwrap();
            let stored = Value::Str(sa.to_string());
            let h = key_hash([Val::Str(sa)].into_iter());
            assert_eq!(h, key_hash([stored.as_val()].into_iter()));
            hashes.insert(h);
            for b in &all {
                let sb = std::str::from_utf8(b).unwrap();
                assert_eq!(key_eq(&stored, Val::Str(sb)), a == b, "{a:?} {b:?}");
            }
        }
        // Distinct strings (all of them are) get distinct hashes here.
        assert_eq!(hashes.len(), all.len());
    }

    #[test]
    fn kinds_and_positions_matter() {
        let h = |v: &[Val<'_>]| key_hash(v.iter().copied());
        assert_eq!(h(&[Val::Null]), h(&[Val::Composite]));
        let distinct = [
            h(&[Val::Null]),
            h(&[Val::Bool(false)]),
            h(&[Val::Int(0)]),
            h(&[Val::Float(0.0)]),
            h(&[Val::Str("")]),
            h(&[Val::Int(1), Val::Int(2)]),
            h(&[Val::Int(2), Val::Int(1)]),
            h(&[Val::Str("a"), Val::Str("b")]),
            h(&[Val::Str("b"), Val::Str("a")]),
            h(&[Val::Str("ab"), Val::Str("")]),
        ];
        let set: std::collections::HashSet<u64> = distinct.iter().copied().collect();
        assert_eq!(set.len(), distinct.len());
        assert!(key_eq(&Value::Null, Val::Composite));
        assert!(!key_eq(&Value::Int(1), Val::Float(1.0)));
        assert!(!key_eq(&Value::Float(0.0), Val::Float(-0.0)));
        assert!(key_eq(&Value::Float(f64::NAN), Val::Float(f64::NAN)));
    }
}
