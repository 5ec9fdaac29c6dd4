//! Number formatting for the serializer: integers with itoa, floats as the
//! shortest text that round-trips (ryu), laid out the way the host
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
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// Appends the decimal text of `v` to `out`.
pub fn write_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// Appends a finite float `v` in `style`. Callers handle NaN and infinities.
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
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(v);
    let (digits, decpt, negative) = decompose(text);
    if negative {
        out.push(b'-');
    }
    let digits = &digits[..];
    let fixed_limit = match style {
        FloatStyle::Python => 16,
        FloatStyle::Ruby => 15,
    };
    let n = digits.len() as i32;
    if decpt > -4 && decpt <= fixed_limit {
        if decpt <= 0 {
            out.extend_from_slice(b"0.");
            out.extend(std::iter::repeat_n(b'0', (-decpt) as usize));
            out.extend_from_slice(digits);
        } else if decpt >= n {
            out.extend_from_slice(digits);
            out.extend(std::iter::repeat_n(b'0', (decpt - n) as usize));
            out.extend_from_slice(b".0");
        } else {
            out.extend_from_slice(&digits[..decpt as usize]);
            out.push(b'.');
            out.extend_from_slice(&digits[decpt as usize..]);
        }
        return;
    }
    out.push(digits[0]);
    if n > 1 {
        out.push(b'.');
        out.extend_from_slice(&digits[1..]);
    } else if style == FloatStyle::Ruby {
        out.extend_from_slice(b".0");
    }
    let exp = decpt - 1;
    out.push(b'e');
    out.push(if exp < 0 { b'-' } else { b'+' });
    let exp = exp.unsigned_abs();
    if exp < 10 {
        out.push(b'0');
    }
    out.extend_from_slice(itoa::Buffer::new().format(exp).as_bytes());
}

/// Splits ryu's output into significant digits (no leading or trailing
/// zeros), the decimal point position (`value = 0.DIGITS * 10^decpt`) and
/// the sign. Independent of which layout ryu chose.
fn decompose(text: &str) -> (Vec<u8>, i32, bool) {
    let (negative, text) = match text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, text),
    };
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().expect("ryu exponent")),
        None => (text, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
    let mut decpt = int_part.len() as i32 + exp;
    let lead = digits.iter().take_while(|&&d| d == b'0').count();
    digits.drain(..lead);
    decpt -= lead as i32;
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, decpt, negative)
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
        ];
        for (v, want) in cases {
            assert_eq!(fmt(v, FloatStyle::Ruby), want, "{v:e}");
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
