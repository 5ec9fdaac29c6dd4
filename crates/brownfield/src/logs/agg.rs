//! Aggregates: their specs (`count`, `p99:latency_ms`, ...), their
//! mergeable per-group states, and the final values.
//!
//! Every state merges with another state of the same spec, which is how
//! chunks processed in parallel (or by other processes, through the
//! serialized form) combine. Exact quantiles keep every value; for large
//! groups `approx_pNN` uses a DDSketch whose answers are within 1 % relative
//! error of the true quantile, and `approx_distinct` a HyperLogLog++ of
//! precision 14 (standard error about 0.8 %).

use super::group_key::key_eq;
use super::value::{Val, Value};
use hashbrown::{Equivalent, HashMap, HashSet};
use hyperloglogplus::{HyperLogLog, HyperLogLogPlus};
use serde::{Deserialize, Serialize};
use sketches_ddsketch::{Config, DDSketch};
use std::hash::{BuildHasher, DefaultHasher, Hash, Hasher};
use std::str::FromStr;

/// Relative accuracy of `approx_pNN` answers (DDSketch alpha).
pub const SKETCH_RELATIVE_ERROR: f64 = 0.01;
/// Precision (register bits) of `approx_distinct`.
pub const HLL_PRECISION: u8 = 14;

/// What an aggregate computes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum AggKind {
    /// `count`: rows in the group; `count:f`: rows where `f` is not null.
    Count,
    /// `sum:f` (integers stay exact; any float makes the sum a float).
    Sum,
    /// `min:f` (numbers or strings).
    Min,
    /// `max:f` (numbers or strings).
    Max,
    /// `mean:f` / `avg:f`.
    Mean,
    /// `pNN:f`, `median:f`: exact quantile, linear interpolation between
    /// the two nearest ranks (DuckDB's `quantile_cont`).
    Quantile(f64),
    /// `approx_pNN:f`: DDSketch quantile, within [`SKETCH_RELATIVE_ERROR`].
    ApproxQuantile(f64),
    /// `distinct:f`: exact number of distinct non-null values.
    Distinct,
    /// `approx_distinct:f`: HyperLogLog++ estimate.
    ApproxDistinct,
    /// `topN:f`: the N most frequent non-null values (ties by value).
    TopK(usize),
}

/// One aggregate of a query: kind, field and output column name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggSpec {
    /// What to compute.
    pub kind: AggKind,
    /// The field it reads (`None` only for a plain `count`).
    pub field: Option<String>,
    /// Output column name: the spec as written, e.g. `p99:latency_ms`.
    pub name: String,
}

impl FromStr for AggSpec {
    type Err = String;

    /// Parses `count`, `count:f`, `sum:f`, `min:f`, `max:f`, `mean:f`,
    /// `avg:f`, `pNN:f`, `median:f`, `approx_pNN:f`, `approx_median:f`,
    /// `distinct:f`, `approx_distinct:f`, `topN:f`.
    fn from_str(spec: &str) -> Result<AggSpec, String> {
        let (name, field) = match spec.split_once(':') {
            Some((n, f)) if !f.is_empty() => (n, Some(f.to_string())),
            Some(_) => return Err(format!("aggregate {spec:?}: missing field after ':'")),
            None => (spec, None),
        };
        let quantile = |q: &str| -> Result<f64, String> {
            let p: f64 = q
                .parse()
                .map_err(|_| format!("aggregate {spec:?}: {q:?} is not a percentile"))?;
            if !(0.0..=100.0).contains(&p) {
                return Err(format!(
                    "aggregate {spec:?}: percentile must be within 0..100"
                ));
            }
            Ok(p / 100.0)
        };
        let kind = match name {
            "count" => AggKind::Count,
            "sum" => AggKind::Sum,
            "min" => AggKind::Min,
            "max" => AggKind::Max,
            "mean" | "avg" => AggKind::Mean,
            "median" => AggKind::Quantile(0.5),
            "approx_median" => AggKind::ApproxQuantile(0.5),
            "distinct" | "count_distinct" => AggKind::Distinct,
            "approx_distinct" => AggKind::ApproxDistinct,
            n if n.starts_with("approx_p") => AggKind::ApproxQuantile(quantile(&n[8..])?),
            n if n.starts_with('p') && n.len() > 1 => AggKind::Quantile(quantile(&n[1..])?),
            n if n.starts_with("top") => AggKind::TopK(
                n[3..]
                    .parse()
                    .ok()
                    .filter(|k| *k > 0)
                    .ok_or_else(|| format!("aggregate {spec:?}: expected topN with N > 0"))?,
            ),
            _ => {
                return Err(format!(
                    "unknown aggregate {spec:?} (expected count, sum, min, max, mean, pNN, median, approx_pNN, distinct, approx_distinct, topN)"
                ))
            }
        };
        if kind != AggKind::Count && field.is_none() {
            return Err(format!(
                "aggregate {spec:?} needs a field, e.g. {name}:latency_ms"
            ));
        }
        Ok(AggSpec {
            kind,
            field,
            name: spec.to_string(),
        })
    }
}

/// A `BuildHasher` with fixed keys, so HyperLogLog states built by
/// different processes (same brownfield version) can be merged.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct StableHasher;

impl BuildHasher for StableHasher {
    type Hasher = DefaultHasher;
    fn build_hasher(&self) -> DefaultHasher {
        DefaultHasher::new()
    }
}

/// A DDSketch (which has no `Debug` of its own).
#[derive(Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sketch(DDSketch);

impl std::fmt::Debug for Sketch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sketch({} values)", self.0.count())
    }
}

/// The running state of one aggregate in one group.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum AggState {
    /// Rows counted.
    Count(u64),
    /// Exact integer sum (while every value is an integer) and float sum.
    Sum {
        /// Sum of integer values.
        ints: i128,
        /// Sum of float values.
        floats: f64,
        /// Whether any float was seen.
        any_float: bool,
        /// Whether any value was seen.
        any: bool,
    },
    /// Smallest value so far.
    Min(Option<Value>),
    /// Largest value so far.
    Max(Option<Value>),
    /// Sum and count of numeric values.
    Mean {
        /// Sum of values.
        sum: f64,
        /// Number of values.
        count: u64,
    },
    /// Every numeric value (exact quantiles).
    Values(Vec<f64>),
    /// DDSketch (approximate quantiles).
    Sketch(Box<Sketch>),
    /// Every distinct value.
    Distinct(HashSet<Value>),
    /// HyperLogLog++ (approximate distinct count).
    Hll(Box<HyperLogLogPlus<Value, StableHasher>>),
    /// Occurrences of each value (top-k).
    Frequencies(#[serde(with = "pairs")] HashMap<Value, u64>),
}

/// A record's value looked up in a set or map of owned values without
/// copying it: hashes as its owned [`Value`] does and is equivalent to it.
struct Borrowed<'a>(Val<'a>);

impl Hash for Borrowed<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // `Value`'s hash: its variant, then its contents.
        match self.0 {
            Val::Null | Val::Composite => std::mem::discriminant(&Value::Null).hash(h),
            Val::Bool(b) => {
                std::mem::discriminant(&Value::Bool(b)).hash(h);
                b.hash(h);
            }
            Val::Int(i) => {
                std::mem::discriminant(&Value::Int(i)).hash(h);
                i.hash(h);
            }
            Val::Float(f) => {
                std::mem::discriminant(&Value::Float(f)).hash(h);
                f.to_bits().hash(h);
            }
            Val::Str(s) => {
                std::mem::discriminant(&Value::Str(String::new())).hash(h);
                s.hash(h);
            }
        }
    }
}

impl Equivalent<Value> for Borrowed<'_> {
    fn equivalent(&self, key: &Value) -> bool {
        key_eq(key, self.0)
    }
}

/// Serializes a map with non-string keys as a list of pairs.
mod pairs {
    use super::Value;
    use hashbrown::HashMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(m: &HashMap<Value, u64>, s: S) -> Result<S::Ok, S::Error> {
        m.iter().collect::<Vec<_>>().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<HashMap<Value, u64>, D::Error> {
        Ok(Vec::<(Value, u64)>::deserialize(d)?.into_iter().collect())
    }
}

impl AggState {
    /// The empty state for `kind`.
    pub fn new(kind: AggKind) -> AggState {
        match kind {
            AggKind::Count => AggState::Count(0),
            AggKind::Sum => AggState::Sum {
                ints: 0,
                floats: 0.0,
                any_float: false,
                any: false,
            },
            AggKind::Min => AggState::Min(None),
            AggKind::Max => AggState::Max(None),
            AggKind::Mean => AggState::Mean { sum: 0.0, count: 0 },
            AggKind::Quantile(_) => AggState::Values(Vec::new()),
            AggKind::ApproxQuantile(_) => AggState::Sketch(Box::new(Sketch(DDSketch::new(
                Config::new(SKETCH_RELATIVE_ERROR, 4096, 1e-9),
            )))),
            AggKind::Distinct => AggState::Distinct(HashSet::new()),
            AggKind::ApproxDistinct => AggState::Hll(Box::new(
                HyperLogLogPlus::new(HLL_PRECISION, StableHasher).expect("valid precision"),
            )),
            AggKind::TopK(_) => AggState::Frequencies(HashMap::new()),
        }
    }

    /// Adds one row's value (`Val::Null` for a plain `count`'s row, or a
    /// missing field). Nulls are ignored except by a plain `count`; arrays
    /// and objects only count; non-numbers are ignored by numeric
    /// aggregates.
    #[inline]
    pub fn add(&mut self, v: Val<'_>, plain_count: bool) {
        // The states of the common aggregates first, inline.
        match self {
            AggState::Count(n) => {
                if plain_count || v != Val::Null {
                    *n += 1;
                }
            }
            AggState::Mean { sum, count } => {
                if let Some(f) = v.as_f64() {
                    *sum += f;
                    *count += 1;
                }
            }
            AggState::Values(vs) => {
                if let Some(f) = v.as_f64() {
                    vs.push(f);
                }
            }
            _ => self.add_other(v, plain_count),
        }
    }

    /// [`AggState::add`] for the other states.
    fn add_other(&mut self, v: Val<'_>, plain_count: bool) {
        if v == Val::Composite || (v == Val::Null && !plain_count) {
            return;
        }
        match self {
            // Added in `add`.
            AggState::Count(_) | AggState::Mean { .. } | AggState::Values(_) => {}
            AggState::Sum {
                ints,
                floats,
                any_float,
                any,
            } => match v {
                Val::Int(i) => {
                    *ints += i as i128;
                    *any = true;
                }
                Val::Float(f) => {
                    *floats += f;
                    *any_float = true;
                    *any = true;
                }
                _ => {}
            },
            AggState::Min(cur) => {
                if cur
                    .as_ref()
                    .is_none_or(|c| v.compare(&c.as_val()) == Some(std::cmp::Ordering::Less))
                {
                    *cur = Some(v.to_owned_value());
                }
            }
            AggState::Max(cur) => {
                if cur
                    .as_ref()
                    .is_none_or(|c| v.compare(&c.as_val()) == Some(std::cmp::Ordering::Greater))
                {
                    *cur = Some(v.to_owned_value());
                }
            }
            AggState::Sketch(s) => {
                if let Some(f) = v.as_f64() {
                    s.0.add(f);
                }
            }
            // Values already seen are found by the borrowed value: no
            // allocation for them.
            AggState::Distinct(set) => {
                if !set.contains(&Borrowed(v)) {
                    set.insert(v.to_owned_value());
                }
            }
            // Hashes as the owned value would (see `Borrowed`).
            AggState::Hll(h) => h.insert_any(&Borrowed(v)),
            AggState::Frequencies(m) => match m.get_mut(&Borrowed(v)) {
                Some(n) => *n += 1,
                None => {
                    m.insert(v.to_owned_value(), 1);
                }
            },
        }
    }

    /// Merges `other` (a state of the same aggregate) into `self`.
    pub fn merge(&mut self, other: AggState) -> Result<(), String> {
        match (self, other) {
            (AggState::Count(a), AggState::Count(b)) => *a += b,
            (
                AggState::Sum {
                    ints,
                    floats,
                    any_float,
                    any,
                },
                AggState::Sum {
                    ints: i2,
                    floats: f2,
                    any_float: af2,
                    any: a2,
                },
            ) => {
                *ints += i2;
                *floats += f2;
                *any_float |= af2;
                *any |= a2;
            }
            (AggState::Min(a), AggState::Min(Some(b))) => {
                if a.as_ref().is_none_or(|x| b.total_cmp(x).is_lt()) {
                    *a = Some(b);
                }
            }
            (AggState::Max(a), AggState::Max(Some(b))) => {
                if a.as_ref().is_none_or(|x| b.total_cmp(x).is_gt()) {
                    *a = Some(b);
                }
            }
            (AggState::Min(_), AggState::Min(None)) | (AggState::Max(_), AggState::Max(None)) => {}
            (AggState::Mean { sum, count }, AggState::Mean { sum: s2, count: c2 }) => {
                *sum += s2;
                *count += c2;
            }
            (AggState::Values(a), AggState::Values(b)) => a.extend(b),
            (AggState::Sketch(a), AggState::Sketch(b)) => {
                a.0.merge(&b.0).map_err(|e| e.to_string())?
            }
            (AggState::Distinct(a), AggState::Distinct(b)) => a.extend(b),
            (AggState::Hll(a), AggState::Hll(b)) => a.merge(&b).map_err(|e| e.to_string())?,
            (AggState::Frequencies(a), AggState::Frequencies(b)) => {
                for (k, n) in b {
                    *a.entry(k).or_insert(0) += n;
                }
            }
            _ => return Err("cannot merge states of different aggregates".into()),
        }
        Ok(())
    }

    /// [`AggState::finish`] for a state that is not needed afterwards:
    /// exact quantiles select in place instead of on a copy (the values
    /// are reordered, so further quantiles of them stay correct).
    pub fn finish_in_place(&mut self, kind: AggKind) -> Value {
        match (self, kind) {
            (AggState::Values(vs), AggKind::Quantile(q)) => {
                select_quantile(vs, q).map_or(Value::Null, Value::Float)
            }
            (st, kind) => st.finish(kind),
        }
    }

    /// The final value for `kind`.
    pub fn finish(&self, kind: AggKind) -> Value {
        match (self, kind) {
            (AggState::Count(n), _) => Value::Int(*n as i64),
            (
                AggState::Sum {
                    ints,
                    floats,
                    any_float,
                    any,
                },
                _,
            ) => match (*any, *any_float) {
                (false, _) => Value::Null,
                (true, false) => match i64::try_from(*ints) {
                    Ok(i) => Value::Int(i),
                    Err(_) => Value::Float(*ints as f64),
                },
                (true, true) => Value::Float(*ints as f64 + floats),
            },
            (AggState::Min(v) | AggState::Max(v), _) => v.clone().unwrap_or(Value::Null),
            (AggState::Mean { sum, count }, _) => {
                if *count == 0 {
                    Value::Null
                } else {
                    Value::Float(sum / *count as f64)
                }
            }
            (AggState::Values(vs), AggKind::Quantile(q)) => {
                select_quantile(&mut vs.clone(), q).map_or(Value::Null, Value::Float)
            }
            (AggState::Sketch(s), AggKind::ApproxQuantile(q)) => {
                s.0.quantile(q)
                    .ok()
                    .flatten()
                    .map_or(Value::Null, Value::Float)
            }
            (AggState::Distinct(set), _) => Value::Int(set.len() as i64),
            (AggState::Hll(h), _) => Value::Int(h.as_ref().clone().count().round() as i64),
            (AggState::Frequencies(m), AggKind::TopK(k)) => {
                let mut v: Vec<(&Value, &u64)> = m.iter().collect();
                v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.total_cmp(b.0)));
                Value::List(v.into_iter().take(k).map(|(val, _)| val.clone()).collect())
            }
            _ => Value::Null,
        }
    }
}

/// Quantile `q` of sorted values with linear interpolation between the two
/// nearest ranks (DuckDB `quantile_cont`, NumPy `linear`).
pub fn exact_quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let pos = q * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * frac)
}

/// [`exact_quantile`] of unsorted values in linear time: selects the two
/// nearest ranks instead of sorting (same result, same interpolation).
pub fn select_quantile(values: &mut [f64], q: f64) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let pos = q * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let frac = pos - lo as f64;
    let (_, lo_value, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let lo_value = *lo_value;
    if frac == 0.0 {
        return Some(lo_value);
    }
    // The next rank is the smallest value above the selected one.
    let hi_value = above
        .iter()
        .copied()
        .min_by(f64::total_cmp)
        .unwrap_or(lo_value);
    Some(lo_value + (hi_value - lo_value) * frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A borrowed value finds its owned copy in distinct and top-k
    /// states: same hash, equivalent exactly when the owned values are
    /// equal.
    #[test]
    fn borrowed_values_find_their_owned_copies() {
        let vals = [
            Val::Null,
            Val::Composite,
            Val::Bool(true),
            Val::Bool(false),
            Val::Int(0),
            Val::Int(-7),
            Val::Float(0.0),
            Val::Float(-0.0),
            Val::Float(1.5),
            Val::Str(""),
            Val::Str("a"),
            Val::Str("héllo"),
        ];
        let set: HashSet<Value> = vals.iter().map(Val::to_owned_value).collect();
        let h = set.hasher();
        for v in vals {
            assert!(set.contains(&Borrowed(v)), "{v:?}");
            assert_eq!(h.hash_one(Borrowed(v)), h.hash_one(v.to_owned_value()));
            for w in vals {
                let same = v.to_owned_value() == w.to_owned_value();
                assert_eq!(
                    Borrowed(v).equivalent(&w.to_owned_value()),
                    same,
                    "{v:?} {w:?}"
                );
            }
        }
        assert!(!set.contains(&Borrowed(Val::Str("b"))));
        assert!(!set.contains(&Borrowed(Val::Int(1))));
        // HyperLogLog registers: the same whether fed borrowed or owned
        // values (states merge across processes, so the hash must agree).
        let new_hll = || HyperLogLogPlus::<Value, _>::new(HLL_PRECISION, StableHasher).unwrap();
        let (mut borrowed, mut owned) = (new_hll(), new_hll());
        let texts: Vec<String> = (0..5000).map(|i| format!("user-{i}")).collect();
        for (i, t) in texts.iter().enumerate() {
            for v in [Val::Str(t), Val::Int(i as i64), Val::Float(i as f64 / 3.0)] {
                borrowed.insert_any(&Borrowed(v));
                owned.insert(&v.to_owned_value());
            }
        }
        assert_eq!(borrowed.count(), owned.count());
    }

    #[test]
    fn select_quantile_equals_sorting() {
        let mut x = 0.5f64;
        for n in [1usize, 2, 3, 10, 101, 1000] {
            let vals: Vec<f64> = (0..n)
                .map(|_| {
                    x = (x * 7.13 + 0.37).fract();
                    (x * 1000.0).round() / 10.0 // many duplicates
                })
                .collect();
            let mut sorted = vals.clone();
            sorted.sort_by(f64::total_cmp);
            for q in [0.0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 1.0] {
                assert_eq!(
                    select_quantile(&mut vals.clone(), q),
                    exact_quantile(&sorted, q),
                    "n {n} q {q}"
                );
            }
        }
        assert_eq!(select_quantile(&mut [], 0.5), None);
    }

    fn run(spec: &str, vals: &[Val<'_>]) -> Value {
        let s: AggSpec = spec.parse().unwrap();
        // Split in two states and merge, as chunks do.
        let (a, b) = vals.split_at(vals.len() / 2);
        let mut st = AggState::new(s.kind);
        let mut st2 = AggState::new(s.kind);
        let plain = s.field.is_none();
        a.iter().for_each(|v| st.add(*v, plain));
        b.iter().for_each(|v| st2.add(*v, plain));
        let json = serde_json::to_string(&st2).unwrap();
        st.merge(serde_json::from_str(&json).unwrap()).unwrap();
        st.finish(s.kind)
    }

    #[test]
    fn finish_in_place_equals_finish() {
        let mut st = AggState::new(AggKind::Quantile(0.5));
        for i in [5, 1, 4, 2, 3, 9, 7] {
            st.add(Val::Int(i), false);
        }
        for kind in [0.5, 0.99, 0.1, 0.5].map(AggKind::Quantile) {
            let want = st.finish(kind);
            assert_eq!(st.clone().finish_in_place(kind), want);
            assert_eq!(st.finish_in_place(kind), want);
        }
        let mut count = AggState::new(AggKind::Count);
        count.add(Val::Null, true);
        assert_eq!(count.finish_in_place(AggKind::Count), Value::Int(1));
    }

    #[test]
    fn specs_parse() {
        assert_eq!(
            "p99:lat".parse::<AggSpec>().unwrap().kind,
            AggKind::Quantile(0.99)
        );
        let AggKind::ApproxQuantile(q) = "approx_p99.9:lat".parse::<AggSpec>().unwrap().kind else {
            panic!()
        };
        assert!((q - 0.999).abs() < 1e-12);
        assert_eq!(
            "top20:path".parse::<AggSpec>().unwrap().kind,
            AggKind::TopK(20)
        );
        for bad in ["p101:x", "sum", "top0:x", "frob:x", "mean:", "pxx:y"] {
            assert!(bad.parse::<AggSpec>().is_err(), "{bad}");
        }
    }

    #[test]
    fn exact_aggregates() {
        let vals = [
            Val::Int(1),
            Val::Int(4),
            Val::Null,
            Val::Float(2.5),
            Val::Int(10),
            Val::Str("x"),
        ];
        assert_eq!(run("count", &vals), Value::Int(6));
        assert_eq!(run("count:f", &vals), Value::Int(5));
        assert_eq!(run("sum:f", &vals), Value::Float(17.5));
        assert_eq!(
            run("sum:f", &[Val::Int(i64::MAX), Val::Int(1), Val::Int(-5)]),
            Value::Int(i64::MAX - 4)
        );
        assert_eq!(
            run("min:f", &[Val::Int(3), Val::Float(2.5), Val::Int(7)]),
            Value::Float(2.5)
        );
        assert_eq!(
            run("max:f", &[Val::Str("b"), Val::Str("c"), Val::Str("a")]),
            Value::Str("c".into())
        );
        assert_eq!(run("mean:f", &vals), Value::Float(17.5 / 4.0));
        assert_eq!(
            run(
                "p50:f",
                &[Val::Int(1), Val::Int(2), Val::Int(3), Val::Int(4)]
            ),
            Value::Float(2.5)
        );
        assert_eq!(run("median:f", &[Val::Int(5)]), Value::Float(5.0));
        assert_eq!(run("p99:f", &[]), Value::Null);
        assert_eq!(
            run(
                "distinct:f",
                &[Val::Int(1), Val::Int(1), Val::Str("1"), Val::Null]
            ),
            Value::Int(2)
        );
        assert_eq!(
            run(
                "top2:f",
                &[
                    Val::Str("a"),
                    Val::Str("b"),
                    Val::Str("b"),
                    Val::Str("c"),
                    Val::Str("c")
                ]
            ),
            Value::List(vec![Value::Str("b".into()), Value::Str("c".into())])
        );
    }

    #[test]
    fn sketches_stay_within_documented_error() {
        let vals: Vec<Val<'_>> = (1..=100_000)
            .map(|i| Val::Float((i as f64).powf(1.3)))
            .collect();
        let mut sorted: Vec<f64> = vals.iter().map(|v| v.as_f64().unwrap()).collect();
        sorted.sort_by(f64::total_cmp);
        for q in [0.5, 0.9, 0.99, 0.999] {
            let Value::Float(est) = run(&format!("approx_p{}:f", q * 100.0), &vals) else {
                panic!()
            };
            let truth = exact_quantile(&sorted, q).unwrap();
            assert!(
                (est - truth).abs() / truth <= SKETCH_RELATIVE_ERROR * 1.01,
                "q{q}: {est} vs {truth}"
            );
        }
        let distinct: Vec<Val<'_>> = (0..200_000).map(|i| Val::Int(i % 50_000)).collect();
        let Value::Int(est) = run("approx_distinct:f", &distinct) else {
            panic!()
        };
        assert!((est - 50_000).abs() as f64 / 50_000.0 < 0.03, "{est}");
    }
}
