//! Number formatting for the serializer: integers with itoa, floats as the
//! shortest text that round-trips (zmij), laid out the way the host
//! language's own `repr`/`to_s` does.

/// How floats are laid out once their shortest digits are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatStyle {
    /// Python's `repr(float)`: `1e+16`, `1e-05`, `1000000000000000.0`.
    Python,
    /// Ruby's `Float#to_s`: `1.0e+16`, `1.0e-05`, `1.0e+15`.
    Ruby,
}

/// Appends the decimal text of `v` to `out`.
pub fn write_i64(out: &mut Vec<u8>, v: i64) {
    if v.unsigned_abs() < 10_000 {
        if v < 0 {
            out.push(b'-');
        }
        write_small(out, v.unsigned_abs() as u32);
    } else {
        out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }
}

/// Appends the decimal text of `v` to `out`.
pub fn write_u64(out: &mut Vec<u8>, v: u64) {
    if v < 10_000 {
        write_small(out, v as u32);
    } else {
        out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }
}

/// Appends `v` (below 10,000: most integers in JSON documents are counts,
/// ids and indices) with one fixed-size store, instead of formatting into
/// a buffer and copying it with a `memcpy` call.
#[inline]
fn write_small(out: &mut Vec<u8>, v: u32) {
    debug_assert!(v < 10_000);
    let digit = |x: u32| b'0' + (x % 10) as u8;
    if v < 10 {
        out.push(digit(v));
    } else if v < 100 {
        out.extend_from_slice(&[digit(v / 10), digit(v)]);
    } else if v < 1000 {
        out.extend_from_slice(&[digit(v / 100), digit(v / 10), digit(v)]);
    } else {
        out.extend_from_slice(&[digit(v / 1000), digit(v / 100), digit(v / 10), digit(v)]);
    }
}

/// Appends a finite float `v` in `style`. Callers handle NaN and infinities.
///
/// Allocation-free: zmij formats into a stack buffer, the significant digits
/// are gathered into another stack buffer, and the laid-out text is written
/// with one `extend_from_slice` into `out`.
pub fn write_f64(out: &mut Vec<u8>, v: f64, style: FloatStyle) {
    debug_assert!(v.is_finite());
    if v == 0.0 {
        out.extend_from_slice(if v.is_sign_negative() {
            b"-0.0"
        } else {
            b"0.0"
        });
        return;
    }
    let mut buf = zmij::Buffer::new();
    let text = buf.format_finite(v).as_bytes();
    // Within a style's fixed range (Python's repr: 1e-4 <= |v| < 1e16, a
    // decimal exponent of -4..=15; Ruby's to_s: below 1e15 instead), the
    // shortest text in fixed notation ("123.456", "0.001", "1234.0") is
    // the answer. Comparing with the doubles nearest those powers of ten
    // classifies exactly: a shortest text never crosses a power of ten that
    // is nearest to another double. zmij writes fixed notation in a wider
    // range (1e-5 <= |v| < 1e16), so there its text is used as is, without
    // scanning it; a look at its tail for an exponent keeps this correct
    // should zmij's choice change (tested against the general layout).
    // Everything else goes through the general layout, which does not
    // depend on the formatter's choices.
    let upper = match style {
        FloatStyle::Python => 1e16,
        FloatStyle::Ruby => 1e15,
    };
    if (1e-4..upper).contains(&v.abs()) && !has_exponent(text) {
        out.extend_from_slice(text);
        return;
    }
    write_layout(out, text, style);
}

/// Whether the formatter's text ends in an exponent. zmij writes at least
/// two exponent digits (`e-05`, `e+15`, `e+308`), and only values outside
/// the fixed range (where this is asked) could have three, so one byte
/// tells.
#[inline]
fn has_exponent(text: &[u8]) -> bool {
    let exponent = text.len() >= 4 && text[text.len() - 4] == b'e';
    debug_assert_eq!(exponent, text.contains(&b'e'), "{text:?}");
    exponent
}

/// Lays out the shortest text `text` in `style` from its digits and
/// decimal point position (the general path of [`write_f64`]).
fn write_layout(out: &mut Vec<u8>, text: &[u8], style: FloatStyle) {
    let mut digit_buf = [0u8; 24];
    let (n, decpt, negative) = decompose(text, &mut digit_buf);
    let digits = &digit_buf[..n];
    // Longest layout: sign, "0.", 3 zeros, 17 digits (fixed) or sign, 17
    // digits, ".", "e-", 3 exponent digits (scientific): well under 32.
    let mut tmp = [0u8; 32];
    let mut len = 0;
    let mut put = |bytes: &[u8]| {
        tmp[len..len + bytes.len()].copy_from_slice(bytes);
        len += bytes.len();
    };
    if negative {
        put(b"-");
    }
    let fixed_limit = match style {
        FloatStyle::Python => 16,
        FloatStyle::Ruby => 15,
    };
    let n = n as i32;
    if decpt > -4 && decpt <= fixed_limit {
        if decpt <= 0 {
            put(b"0.");
            put(&b"000"[..(-decpt) as usize]);
            put(digits);
        } else if decpt >= n {
            put(digits);
            put(&b"0000000000000000"[..(decpt - n) as usize]);
            put(b".0");
        } else {
            put(&digits[..decpt as usize]);
            put(b".");
            put(&digits[decpt as usize..]);
        }
    } else {
        put(&digits[..1]);
        if n > 1 {
            put(b".");
            put(&digits[1..]);
        } else if style == FloatStyle::Ruby {
            put(b".0");
        }
        let exp = decpt - 1;
        put(if exp < 0 { b"e-" } else { b"e+" });
        let exp = exp.unsigned_abs();
        if exp < 10 {
            put(&[b'0', b'0' + exp as u8]);
        } else if exp < 100 {
            put(&[b'0' + (exp / 10) as u8, b'0' + (exp % 10) as u8]);
        } else {
            put(&[
                b'0' + (exp / 100) as u8,
                b'0' + (exp / 10 % 10) as u8,
                b'0' + (exp % 10) as u8,
            ]);
        }
    }
    out.extend_from_slice(&tmp[..len]);
}

/// Splits the formatter's output into significant digits (no leading or trailing
/// zeros, written to `digits`; returns their count), the decimal point
/// position (`value = 0.DIGITS * 10^decpt`) and the sign. Independent of
/// which layout the formatter chose.
fn decompose(text: &[u8], digits: &mut [u8; 24]) -> (usize, i32, bool) {
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let (mantissa, exp) = match text.iter().position(|&b| b == b'e' || b == b'E') {
        Some(e) => (&text[..e], parse_exp(&text[e + 1..])),
        None => (text, 0),
    };
    let int_len = mantissa
        .iter()
        .position(|&b| b == b'.')
        .unwrap_or(mantissa.len()) as i32;
    let (mut n, mut lead) = (0, 0i32);
    for &b in mantissa {
        if b == b'.' {
            continue;
        }
        if n == 0 && b == b'0' {
            lead += 1;
        } else if n < digits.len() {
            digits[n] = b;
            n += 1;
        }
    }
    while n > 0 && digits[n - 1] == b'0' {
        n -= 1;
    }
    (n, int_len - lead + exp, negative)
}

/// The formatter's exponent text (`-7`, `16`, `+16`).
fn parse_exp(t: &[u8]) -> i32 {
    let (neg, t) = match t.split_first() {
        Some((b'-', r)) => (true, r),
        Some((b'+', r)) => (false, r),
        _ => (false, t),
    };
    let v = t
        .iter()
        .fold(0i32, |acc, &d| acc * 10 + (d.wrapping_sub(b'0') as i32));
    if neg {
        -v
    } else {
        v
    }
}

/// Index of the first byte at or after `i` in `s` that is not an ASCII
/// digit (or `s.len()`), 8 bytes per step. A byte is flagged when adding
/// 0x46 or subtracting 0x30 sets its high bit (above '9' or below '0'), or
/// when it is not ASCII; carries and borrows only start at flagged bytes,
/// so the lowest flagged byte is the first non-digit.
#[inline]
pub(crate) fn digits_end(s: &[u8], mut i: usize) -> usize {
    while let Some(w) = crate::swar::word(s, i) {
        let m = crate::swar::non_digits(w);
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while s.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(v: f64, style: FloatStyle) -> String {
        let mut out = Vec::new();
        write_f64(&mut out, v, style);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn integers_match_std_formatting() {
        let mut values: Vec<i64> = (-12_000..12_000).collect();
        values.extend([i64::MIN, i64::MAX, -99_999, 99_999, 1 << 40, -(1 << 40)]);
        for v in values {
            let mut out = Vec::new();
            write_i64(&mut out, v);
            assert_eq!(out, v.to_string().as_bytes());
            if let Ok(u) = u64::try_from(v) {
                let mut out = Vec::new();
                write_u64(&mut out, u);
                assert_eq!(out, u.to_string().as_bytes());
            }
        }
        let mut out = Vec::new();
        write_u64(&mut out, u64::MAX);
        assert_eq!(out, u64::MAX.to_string().as_bytes());
    }

    #[test]
    fn python_repr_layout() {
        let cases = [
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1234567890123456.0, "1234567890123456.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (0.1, "0.1"),
            (123.456, "123.456"),
            (1e100, "1e+100"),
            (-2.5e-300, "-2.5e-300"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            // The doubles next to the ends of the fixed range.
            (9999999999999998.0, "9999999999999998.0"),
            (9.999999999999999e-5, "9.999999999999999e-05"),
            (0.00010000000000000002, "0.00010000000000000002"),
            (9.999999999999999e-6, "9.999999999999999e-06"),
        ];
        for (v, want) in cases {
            assert_eq!(fmt(v, FloatStyle::Python), want, "{v:e}");
        }
    }

    #[test]
    fn ruby_to_s_layout() {
        let cases = [
            (1e16, "1.0e+16"),
            (1e15, "1.0e+15"),
            (123456789012345.0, "123456789012345.0"),
            (1234567890123456.0, "1.234567890123456e+15"),
            (0.0001, "0.0001"),
            (0.00001, "1.0e-05"),
            (1.5e-7, "1.5e-07"),
            (100.0, "100.0"),
            (1e20, "1.0e+20"),
            (999999999999999.9, "999999999999999.9"),
            (9999999999999998.0, "9.999999999999998e+15"),
            (9.999999999999999e-5, "9.999999999999999e-05"),
        ];
        for (v, want) in cases {
            assert_eq!(fmt(v, FloatStyle::Ruby), want, "{v:e}");
        }
    }

    #[test]
    fn decompose_matches_std_shortest_digits() {
        let mut x = 0.7f64;
        for k in 0..5000 {
            x = (x * 7.31 + 0.377).fract() + (k % 7) as f64;
            let scale = 10f64.powi((k % 80) - 40);
            for v in [
                x * scale,
                -x * scale,
                (k as f64) * 1e3,
                1.0 / (k as f64 + 1.0),
            ] {
                if v == 0.0 {
                    continue;
                }
                let mut buf = zmij::Buffer::new();
                let mut digits = [0u8; 24];
                let (n, decpt, neg) = decompose(buf.format_finite(v).as_bytes(), &mut digits);
                // The digits are shortest (as many as std's shortest
                // `{:e}` text) and put back together give `v` again.
                let digits = std::str::from_utf8(&digits[..n]).unwrap();
                let sci = format!("{:e}", v.abs());
                let (m, _) = sci.split_once('e').unwrap();
                assert_eq!(n, m.chars().filter(|c| c.is_ascii_digit()).count(), "{v:e}");
                let back: f64 = format!("0.{digits}e{decpt}").parse().unwrap();
                assert_eq!(back, v.abs(), "{v:e}");
                assert!(!digits.starts_with('0') && !digits.ends_with('0'));
                assert_eq!(neg, v < 0.0);
            }
        }
    }

    #[test]
    fn zmij_fast_path_matches_ryu_digits_in_the_general_layout() {
        let mut x = 0.3f64;
        for k in 0..20000 {
            x = (x * 9.17 + 0.213).fract();
            let v = (x + (k % 10) as f64) * 10f64.powi((k % 48) - 24);
            let p = 10f64.powi((k % 48) - 24);
            let below = f64::from_bits(p.to_bits() - 1);
            let above = f64::from_bits(p.to_bits() + 1);
            for v in [v, -v, v.trunc(), p, below, above, -below] {
                if v == 0.0 {
                    continue;
                }
                for style in [FloatStyle::Python, FloatStyle::Ruby] {
                    let mut general = Vec::new();
                    write_layout(
                        &mut general,
                        ryu::Buffer::new().format_finite(v).as_bytes(),
                        style,
                    );
                    assert_eq!(fmt(v, style), String::from_utf8(general).unwrap(), "{v:e}");
                }
            }
        }
    }

    #[test]
    fn digits_end_finds_the_first_non_digit() {
        for b in 0..=255u8 {
            for len in 0..20 {
                for at in 0..=len {
                    let mut s = vec![b'7'; len];
                    if at < len {
                        s[at] = b;
                    }
                    let want = s.iter().position(|c| !c.is_ascii_digit()).unwrap_or(len);
                    assert_eq!(digits_end(&s, 0), want, "byte {b} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn shortest_text_round_trips() {
        let mut x = 1.0f64;
        for _ in 0..2000 {
            x = x * 1.37 + 0.123;
            for v in [x, 1.0 / x, -x] {
                for style in [FloatStyle::Python, FloatStyle::Ruby] {
                    assert_eq!(fmt(v, style).parse::<f64>().unwrap(), v);
                }
            }
        }
    }
}
