//! Field values read from log records, and the owned form used as group
//! keys and in results.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// A field value borrowed from one record while it is evaluated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val<'a> {
    /// JSON `null`, or a `-` placeholder in text formats.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(&'a str),
    /// An array or object: present (it counts, and `exists` holds) but not
    /// a scalar, so comparisons are unknown and value aggregates skip it.
    Composite,
}

impl<'a> Val<'a> {
    /// Reads a text field the way text formats type their values: integers,
    /// then floats, then `-` as null, else the string itself.
    pub fn infer(text: &'a str) -> Val<'a> {
        let b = text.as_bytes();
        let numeric_start = b
            .first()
            .is_some_and(|&c| c.is_ascii_digit() || ((c == b'-' || c == b'+') && b.len() > 1));
        if numeric_start {
            if let Ok(i) = text.parse::<i64>() {
                return Val::Int(i);
            }
            if let Ok(f) = text.parse::<f64>() {
                if f.is_finite() {
                    return Val::Float(f);
                }
            }
        }
        if text == "-" {
            return Val::Null;
        }
        Val::Str(text)
    }

    /// The numeric value, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Val::Int(i) => Some(i as f64),
            Val::Float(f) => Some(f),
            _ => None,
        }
    }

    /// SQL-style comparison: numbers with numbers, strings with strings,
    /// booleans with booleans; `None` for null or mixed types.
    pub fn compare(&self, other: &Val<'_>) -> Option<Ordering> {
        match (self, other) {
            (Val::Int(a), Val::Int(b)) => Some(a.cmp(b)),
            (Val::Str(a), Val::Str(b)) => Some(a.cmp(b)),
            (Val::Bool(a), Val::Bool(b)) => Some(a.cmp(b)),
            (a, b) => a.as_f64()?.partial_cmp(&b.as_f64()?),
        }
    }

    /// The owned form.
    pub fn to_owned_value(&self) -> Value {
        match *self {
            Val::Null | Val::Composite => Value::Null,
            Val::Bool(b) => Value::Bool(b),
            Val::Int(i) => Value::Int(i),
            Val::Float(f) => Value::Float(f),
            Val::Str(s) => Value::Str(s.into()),
        }
    }
}

/// An owned value: a group key part or a result cell.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// Missing field or null.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A list (top-k results).
    List(Vec<Value>),
}

impl Value {
    /// Borrowed view, for comparisons; lists compare as null.
    pub fn as_val(&self) -> Val<'_> {
        match self {
            Value::Null | Value::List(_) => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Int(i) => Val::Int(*i),
            Value::Float(f) => Val::Float(*f),
            Value::Str(s) => Val::Str(s),
        }
    }

    /// Total order for sorting results: nulls first, then booleans,
    /// numbers, strings, lists.
    pub fn total_cmp(&self, other: &Value) -> Ordering {
        fn rank(v: &Value) -> u8 {
            match v {
                Value::Null => 0,
                Value::Bool(_) => 1,
                Value::Int(_) | Value::Float(_) => 2,
                Value::Str(_) => 3,
                Value::List(_) => 4,
            }
        }
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            (Value::Str(a), Value::Str(b)) => a.cmp(b),
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (a, b) if rank(a) == 2 && rank(b) == 2 => {
                let (x, y) = (a.as_val().as_f64(), b.as_val().as_f64());
                x.unwrap_or(0.0).total_cmp(&y.unwrap_or(0.0))
            }
            (a, b) => rank(a).cmp(&rank(b)),
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            _ => self.total_cmp(other) == Ordering::Equal && same_kind(self, other),
        }
    }
}

fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

impl Eq for Value {}

impl std::hash::Hash for Value {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            Value::Null => {}
            Value::Bool(b) => b.hash(h),
            Value::Int(i) => i.hash(h),
            Value::Float(f) => f.to_bits().hash(h),
            Value::Str(s) => s.hash(h),
            Value::List(l) => l.hash(h),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Str(s) => f.write_str(s),
            Value::List(l) => {
                f.write_str("[")?;
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infer_types() {
        assert_eq!(Val::infer("200"), Val::Int(200));
        assert_eq!(Val::infer("-3"), Val::Int(-3));
        assert_eq!(Val::infer("0.25"), Val::Float(0.25));
        assert_eq!(Val::infer("-"), Val::Null);
        assert_eq!(Val::infer("GET"), Val::Str("GET"));
        assert_eq!(Val::infer("1e999"), Val::Str("1e999"));
        assert_eq!(Val::infer("inf"), Val::Str("inf"));
    }

    #[test]
    fn compare_is_sql_like() {
        assert_eq!(Val::Int(2).compare(&Val::Float(2.5)), Some(Ordering::Less));
        assert_eq!(Val::Str("a").compare(&Val::Int(1)), None);
        assert_eq!(Val::Null.compare(&Val::Null), None);
    }
}
