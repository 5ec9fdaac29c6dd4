//! Byte tests on 8 bytes at once ("SIMD within a register"), shared by the
//! JSON parser, the JSON writer and the log skimmer.
//!
//! Each mask sets the high bit of the byte lanes that match. Borrows and
//! carries only start at a matching byte, so the *lowest* flagged lane is
//! always a true match (higher ones may be false positives): callers take
//! `trailing_zeros() / 8` of a mask to find the first match, or test it
//! against zero.

/// `0x0101...01`: a byte value broadcast to all 8 lanes by multiplication.
pub(crate) const LANES: u64 = u64::from_ne_bytes([1; 8]);

/// The high bit of every byte lane.
pub(crate) const HIGH: u64 = LANES << 7;

/// The 8 bytes of `s` at `i` as a little-endian word, `None` when fewer
/// than 8 remain.
#[inline(always)]
pub(crate) fn word(s: &[u8], i: usize) -> Option<u64> {
    let w = s.get(i..i + 8)?;
    Some(u64::from_le_bytes(w.try_into().expect("8 bytes")))
}

/// High bits at (at least the lowest of) the zero bytes of `v`.
#[inline(always)]
pub(crate) fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(LANES) & !v
}

/// High bits at (at least the lowest of) the bytes of `w` equal to `b`.
#[inline(always)]
pub(crate) fn bytes_equal(w: u64, b: u8) -> u64 {
    zero_bytes(w ^ (LANES * u64::from(b)))
}

/// High bits at (at least the lowest of) the control bytes (< 0x20) of
/// `w`; ASCII or not.
#[inline(always)]
pub(crate) fn control_bytes(w: u64) -> u64 {
    w.wrapping_sub(LANES * 0x20) & !w
}

/// The bytes a JSON string cannot hold as they are: `"`, `\` and control
/// characters (high bits, unmasked below).
#[inline(always)]
pub(crate) fn string_specials(w: u64) -> u64 {
    bytes_equal(w, b'"') | bytes_equal(w, b'\\') | control_bytes(w)
}

/// High bits at the bytes of `w` that are not ASCII digits (exact for the
/// lowest): above `'9'` (adding 0x46 carries into the high bit), below
/// `'0'` (subtracting 0x30 borrows), or not ASCII.
#[inline(always)]
pub(crate) fn non_digits(w: u64) -> u64 {
    (w.wrapping_add(LANES * 0x46) | w.wrapping_sub(LANES * u64::from(b'0')) | w) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lowest flagged lane of `m`, if any.
    fn first(m: u64) -> Option<usize> {
        let m = m & HIGH;
        (m != 0).then(|| (m.trailing_zeros() / 8) as usize)
    }

    #[test]
    fn lowest_flag_is_the_first_match_for_every_byte_at_every_lane() {
        let fills = [b'a', b' ', b'0', 0xc3, 0x7f];
        for fill in fills {
            for lane in 0..8 {
                for b in 0..=255u8 {
                    let mut bytes = [fill; 8];
                    bytes[lane] = b;
                    let w = u64::from_le_bytes(bytes);
                    let expect = |p: &dyn Fn(u8) -> bool| bytes.iter().position(|&x| p(x));
                    assert_eq!(first(bytes_equal(w, b'"')), expect(&|x| x == b'"'));
                    assert_eq!(first(control_bytes(w)), expect(&|x| x < 0x20));
                    assert_eq!(
                        first(string_specials(w)),
                        expect(&|x| x == b'"' || x == b'\\' || x < 0x20)
                    );
                    assert_eq!(first(non_digits(w)), expect(&|x| !x.is_ascii_digit()));
                }
            }
        }
    }

    #[test]
    fn word_reads_little_endian_and_stops_short() {
        let s = b"0123456789";
        assert_eq!(word(s, 0), Some(u64::from_le_bytes(*b"01234567")));
        assert_eq!(word(s, 2), Some(u64::from_le_bytes(*b"23456789")));
        assert_eq!(word(s, 3), None);
    }
}
