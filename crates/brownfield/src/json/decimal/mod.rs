//! Decimal number text to the correctly rounded `f64`, fast.
//!
//! The parser hands over a grammar-checked JSON number. Its significant
//! digits and decimal exponent are read in one pass, then:
//! 1. Clinger's fast path: digits up to 2^53 and an exponent within ±22
//!    are exact in `f64`, so one multiplication or division is exact too;
//! 2. the Eisel-Lemire algorithm (as in fast_float and Rust's own
//!    `str::parse`): a 64x128-bit product with a table of powers of five
//!    gives the result, or says it cannot decide the rounding;
//! 3. otherwise (more than 19 significant digits, or an undecided
//!    rounding — rare) `str::parse::<f64>`, which is always exact.
//!
//! Every step is exact, so the result always equals `str::parse`'s; the
//! tests check that on many random and edge-case inputs.

mod table;

use crate::swar;
use std::ops::Range;
use table::{LARGEST_POWER_OF_FIVE, POWER_OF_FIVE_128, SMALLEST_POWER_OF_FIVE};

/// Exact powers of ten representable in `f64` (10^0 ..= 10^22).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Powers of ten as integers (10^0 ..= 10^19).
const POW10_U64: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// Explicit mantissa bits of `f64`.
const MANTISSA_BITS: i32 = 52;
/// Binary exponent bias of `f64`, negated.
const MINIMUM_EXPONENT: i32 = -1023;
/// The biased exponent of infinity.
const INFINITE_POWER: i32 = 0x7FF;
/// Decimal exponents outside this range give 0 or infinity (for at most
/// 19 significant digits).
const SMALLEST_POWER_OF_TEN: i64 = -342;
const LARGEST_POWER_OF_TEN: i64 = 308;
/// Decimal exponents where a product can fall exactly halfway between two
/// floats (round half to even applies).
const MIN_EXPONENT_ROUND_TO_EVEN: i64 = -4;
const MAX_EXPONENT_ROUND_TO_EVEN: i64 = 23;

/// The value of an exponent's digits, saturating far beyond any exponent
/// that still matters (the result is then 0 or infinity anyway).
pub(crate) fn exponent_value(digits: &[u8]) -> i64 {
    digits.iter().fold(0i64, |acc, &d| {
        (acc * 10 + i64::from(d - b'0')).min(1 << 40)
    })
}

/// A JSON number's parts, as the parser reads them from the input.
pub(crate) struct Decimal {
    /// The integer digits (a range of the input) and their value.
    pub int: Digits,
    /// The fraction digits (an empty range at the end of `int` when there
    /// are none) and their value.
    pub frac: Digits,
    /// The decimal exponent (see [`exponent_value`]).
    pub exp: i64,
}

/// A run of ASCII digits in the input, read by [`scan_digits`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Digits {
    /// Where the digits are in the input.
    pub range: Range<usize>,
    /// Their value: exact when it is below 2^64 (always for at most 19
    /// digits), wrapped around otherwise.
    pub value: u64,
}

/// The value of the JSON number `s[number]` with the parts `d`, correctly
/// rounded.
#[inline]
pub(crate) fn float_from_parts(s: &[u8], number: Range<usize>, d: &Decimal) -> f64 {
    let negative = s[number.start] == b'-';
    decimal_to_f64(s, negative, d).unwrap_or_else(|| {
        std::str::from_utf8(&s[number])
            .ok()
            .and_then(|t| t.parse().ok())
            .expect("grammar-checked JSON number")
    })
}

/// The run of ASCII digits starting at `start` in `s` (possibly empty) and
/// its value, read 8 bytes at a time: each word is classified and
/// converted at once, and the last, partial word's digits are shifted to
/// the top of the word so the same conversion gives their value.
#[inline(always)]
pub(crate) fn scan_digits(s: &[u8], start: usize) -> Digits {
    const ZEROS: u64 = swar::LANES * b'0' as u64;
    let mut i = start;
    let mut value = 0u64;
    while let Some(w) = swar::word(s, i) {
        let m = swar::non_digits(w);
        if m == 0 {
            value = value
                .wrapping_mul(100_000_000)
                .wrapping_add(eight_digits(w));
            i += 8;
            continue;
        }
        let n = (m.trailing_zeros() / 8) as usize;
        if n > 0 {
            // Little-endian: the `n` digits are the low bytes; move them
            // to the top and fill the bytes below with '0'.
            let top = (w << ((8 - n) * 8)) | (ZEROS >> (n * 8));
            value = value
                .wrapping_mul(POW10_U64[n])
                .wrapping_add(eight_digits(top));
        }
        return Digits {
            range: start..i + n,
            value,
        };
    }
    while let Some(&d) = s.get(i).filter(|d| d.is_ascii_digit()) {
        value = value.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
        i += 1;
    }
    Digits {
        range: start..i,
        value,
    }
}

/// The value of exactly 8 ASCII digits, combined in pairs, fours, eights
/// within one word (as fast_float does).
#[inline]
fn eight_digits(word: u64) -> u64 {
    let v = word - 0x3030_3030_3030_3030;
    let v = (v * 10) + (v >> 8);
    ((v & 0x0000_00FF_0000_00FF).wrapping_mul(100 + (1_000_000 << 32))
        + ((v >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32)))
        >> 32
}

/// Steps 1 and 2 of the module doc; `None` hands over to `str::parse`.
#[inline]
fn decimal_to_f64(s: &[u8], negative: bool, d: &Decimal) -> Option<f64> {
    let (int, frac) = (&d.int, &d.frac);
    let scale = d.exp - frac.range.len() as i64;
    // The significant digits: `int` then `frac`, leading zeros dropped
    // (JSON allows a leading zero only as the whole integer part "0";
    // `int.value` is also 0 when it wrapped, beyond 19 digits).
    let w = if int.value != 0 || int.range.len() > 19 {
        if int.range.len() + frac.range.len() > 19 {
            return None;
        }
        int.value * POW10_U64[frac.range.len()] + frac.value
    } else {
        let zeros = s[frac.range.clone()]
            .iter()
            .take_while(|&&c| c == b'0')
            .count();
        if frac.range.len() - zeros > 19 {
            return None;
        }
        // Exact: leading zeros add nothing, and the rest is below 10^19.
        frac.value
    };
    let v = if w == 0 {
        0.0
    } else if w <= 1 << 53 && (-22..=22).contains(&scale) {
        // Clinger's fast path: both operands exact, one rounding.
        let p = POW10[scale.unsigned_abs() as usize];
        if scale < 0 {
            w as f64 / p
        } else {
            w as f64 * p
        }
    } else {
        eisel_lemire(scale, w)?
    };
    Some(if negative { -v } else { v })
}

/// `w * 10^q` correctly rounded (`w != 0`), or `None` when the 128-bit
/// approximation cannot decide the rounding.
fn eisel_lemire(q: i64, mut w: u64) -> Option<f64> {
    if q < SMALLEST_POWER_OF_TEN {
        return Some(0.0);
    }
    if q > LARGEST_POWER_OF_TEN {
        return Some(f64::INFINITY);
    }
    // Normalize so the most significant bit of `w` is set.
    let lz = w.leading_zeros();
    w <<= lz;
    let (lo, hi) = product_approx(q, w, MANTISSA_BITS as u32 + 3);
    if lo == u64::MAX && !(-27..=55).contains(&q) {
        // The approximation may be one unit short where that matters.
        return None;
    }
    let upper_bit = (hi >> 63) as i32;
    let shift = upper_bit + 64 - MANTISSA_BITS - 3;
    let mut mantissa = hi >> shift;
    let mut power2 = power(q as i32) + upper_bit - lz as i32 - MINIMUM_EXPONENT;
    if power2 <= 0 {
        // A subnormal (or zero) result.
        if -power2 + 1 >= 64 {
            return Some(0.0);
        }
        mantissa >>= -power2 + 1;
        mantissa += mantissa & 1;
        mantissa >>= 1;
        power2 = (mantissa >= (1u64 << MANTISSA_BITS)) as i32;
        return Some(f64::from_bits(
            mantissa | ((power2 as u64) << MANTISSA_BITS),
        ));
    }
    // Exactly halfway between two floats: round half to even (down here
    // when the kept mantissa is even).
    if lo <= 1
        && (MIN_EXPONENT_ROUND_TO_EVEN..=MAX_EXPONENT_ROUND_TO_EVEN).contains(&q)
        && mantissa & 3 == 1
        && (mantissa << shift) == hi
    {
        mantissa &= !1u64;
    }
    mantissa += mantissa & 1;
    mantissa >>= 1;
    if mantissa >= (2u64 << MANTISSA_BITS) {
        // Rounding carried into a new bit.
        mantissa = 1u64 << MANTISSA_BITS;
        power2 += 1;
    }
    mantissa &= !(1u64 << MANTISSA_BITS);
    if power2 >= INFINITE_POWER {
        return Some(f64::INFINITY);
    }
    Some(f64::from_bits(
        mantissa | ((power2 as u64) << MANTISSA_BITS),
    ))
}

/// floor(log2(10^q)) + 63, for q in the table's range.
fn power(q: i32) -> i32 {
    (q.wrapping_mul(152_170 + 65_536) >> 16) + 63
}

/// The 128-bit product of `w` and the table's 5^q, as (low, high) words,
/// exact in the top `precision` bits when that is decidable.
fn product_approx(q: i64, w: u64, precision: u32) -> (u64, u64) {
    debug_assert!((SMALLEST_POWER_OF_FIVE..=LARGEST_POWER_OF_FIVE).contains(&q));
    let mask = u64::MAX >> precision;
    let (hi5, lo5) = POWER_OF_FIVE_128[(q - SMALLEST_POWER_OF_FIVE) as usize];
    let (mut first_lo, mut first_hi) = full_mul(w, hi5);
    if first_hi & mask == mask {
        // The low word of 5^q may carry into the bits that matter.
        let (_, second_hi) = full_mul(w, lo5);
        first_lo = first_lo.wrapping_add(second_hi);
        if second_hi > first_lo {
            first_hi += 1;
        }
    }
    (first_lo, first_hi)
}

/// `a * b` as (low, high) words.
fn full_mul(a: u64, b: u64) -> (u64, u64) {
    let r = u128::from(a) * u128::from(b);
    (r as u64, (r >> 64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of a grammar-checked JSON number with a fraction or exponent
    /// (`-?digits(.digits)?([eE][+-]?digits)?`), correctly rounded; ±inf when
    /// out of range.
    fn parse_f64(text: &[u8]) -> f64 {
        let int = scan_digits(text, usize::from(text[0] == b'-'));
        let frac = if text.get(int.range.end) == Some(&b'.') {
            scan_digits(text, int.range.end + 1)
        } else {
            Digits {
                range: int.range.end..int.range.end,
                value: 0,
            }
        };
        let exp = match text.get(frac.range.end.max(int.range.end)..) {
            Some([_, b'-', d @ ..]) => -exponent_value(d),
            Some([_, b'+', d @ ..]) => exponent_value(d),
            Some([_, d @ ..]) => exponent_value(d),
            _ => 0,
        };
        float_from_parts(text, 0..text.len(), &Decimal { int, frac, exp })
    }

    fn check(text: &str) {
        let want: f64 = text.parse().unwrap();
        let got = parse_f64(text.as_bytes());
        assert_eq!(got.to_bits(), want.to_bits(), "{text}");
    }

    #[test]
    fn scan_digits_reads_any_run() {
        // Runs of every length up to 25 at several offsets, ended by each
        // kind of byte (or the end of input).
        for offset in 0..10 {
            for len in 0..26 {
                for end in ["", ".", "e", ",", "]", "x", "/", ":"] {
                    let digits: String = (0..len)
                        .map(|k| char::from(b'0' + ((k * 7 + 3) % 10) as u8))
                        .collect();
                    let text = format!("{}{digits}{end}", "-".repeat(offset));
                    let got = scan_digits(text.as_bytes(), offset);
                    let want = digits.bytes().fold(0u64, |v, d| {
                        v.wrapping_mul(10).wrapping_add(u64::from(d - b'0'))
                    });
                    assert_eq!(got.range, offset..offset + len, "{text}");
                    assert_eq!(got.value, want, "{text}");
                }
            }
        }
    }

    #[test]
    fn edge_cases_equal_str_parse() {
        for t in [
            "0.0",
            "-0.0",
            "0e0",
            "0.000e-999",
            "1e400",
            "-1e400",
            "1e-400",
            "1e308",
            "1.8e308",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "5e-324",
            "1e-323",
            "9007199254740993.0",
            "9007199254740992.5",
            "9007199254740993.5",
            "123456789012345678.9",
            "1234567890123456789.0",
            "12345678901234567890.0",
            "0.1",
            "0.2",
            "0.3",
            "1.1",
            "3.141592653589793",
            "-65.613616999999977",
            "2.718281828459045235360287",
            "1e22",
            "1e23",
            "8.98846567431158e307",
            "9.999999999999999e22",
            "7.2057594037927933e16",
            "1E+2",
            "1e-2",
            "1.5e+0010",
            "100000000000000000000000000000000000000000000.0",
            "0.0000000000000000000001",
            "1e99999999999999999999",
            "1e-99999999999999999999",
            "18446744073709551615.0",
            "18446744073709551616.0",
            "0.1e1",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
        ] {
            check(t);
        }
    }

    #[test]
    fn random_numbers_equal_str_parse() {
        // A deterministic xorshift stream of digit strings and exponents,
        // around the boundaries that matter (17 digits, halfway cases).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200_000 {
            let r = next();
            let digits = 1 + (r % 20) as usize;
            let mut s = String::new();
            if r & (1 << 20) != 0 {
                s.push('-');
            }
            // The decimal point after `dot` digits (none when at the end).
            let dot = 1 + (r >> 32) as usize % digits;
            let mut m = next();
            for k in 0..digits {
                if k == dot {
                    s.push('.');
                }
                s.push((b'0' + (m % 10) as u8) as char);
                m /= 10;
                if m == 0 {
                    m = next();
                }
            }
            if digits == 1 && r & (1 << 21) != 0 {
                s.push_str(".5");
            }
            let e = (next() % 700) as i64 - 350;
            s.push_str(&format!("e{e}"));
            check(&s);
        }
    }

    #[test]
    fn shortest_forms_of_random_doubles_round_trip() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if v.is_finite() {
                let text = format!("{v:e}");
                check(&text);
                let plain = format!("{v:?}");
                if plain.contains('.') || plain.contains('e') {
                    check(&plain);
                }
            }
        }
    }
}
