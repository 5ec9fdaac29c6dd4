//! Filter expressions: `status >= 500 and (region = "eu-west-1" or not
//! exists(user_id))`, `method in ("GET", "HEAD")`, `path ~ "^/api/"`.
//!
//! Semantics are SQL's, so results match DuckDB: a comparison involving a
//! missing/null field or values of different types is unknown, `not
//! unknown` stays unknown, and only records whose filter is true are kept
//! (see [`Truth`]).

use super::value::Val;
use std::cmp::Ordering;

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=` or `==`
    Eq,
    /// `!=` or `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A literal in an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A quoted string.
    Str(String),
}

impl Literal {
    fn val(&self) -> Val<'_> {
        match self {
            Literal::Null => Val::Null,
            Literal::Bool(b) => Val::Bool(*b),
            Literal::Int(i) => Val::Int(*i),
            Literal::Float(f) => Val::Float(*f),
            Literal::Str(s) => Val::Str(s),
        }
    }
}

/// A parsed filter; field references are slots into the record's values.
#[derive(Debug, Clone)]
pub enum Expr {
    /// `field OP literal`
    Compare(usize, Op, Literal),
    /// `field in (lit, ...)`
    In(usize, Vec<Literal>),
    /// `field ~ "regex"` (string fields only)
    Matches(usize, regex::Regex),
    /// `exists(field)`: present and not null.
    Exists(usize),
    /// `a and b`
    And(Box<Expr>, Box<Expr>),
    /// `a or b`
    Or(Box<Expr>, Box<Expr>),
    /// `not a`
    Not(Box<Expr>),
}

/// SQL three-valued logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// Definitely true.
    True,
    /// Definitely false.
    False,
    /// Unknown (a null took part).
    Unknown,
}

impl Truth {
    fn from(b: bool) -> Truth {
        if b {
            Truth::True
        } else {
            Truth::False
        }
    }
}

impl Expr {
    /// Evaluates against one record's values (indexed by slot).
    pub fn eval(&self, vals: &[Val<'_>]) -> Truth {
        match self {
            Expr::Compare(slot, op, lit) => match vals[*slot].compare(&lit.val()) {
                None => Truth::Unknown,
                Some(ord) => Truth::from(match op {
                    Op::Eq => ord == Ordering::Equal,
                    Op::Ne => ord != Ordering::Equal,
                    Op::Lt => ord == Ordering::Less,
                    Op::Le => ord != Ordering::Greater,
                    Op::Gt => ord == Ordering::Greater,
                    Op::Ge => ord != Ordering::Less,
                }),
            },
            Expr::In(slot, lits) => {
                let v = vals[*slot];
                if v == Val::Null {
                    return Truth::Unknown;
                }
                Truth::from(
                    lits.iter()
                        .any(|l| v.compare(&l.val()) == Some(Ordering::Equal)),
                )
            }
            Expr::Matches(slot, re) => match vals[*slot] {
                Val::Str(s) => Truth::from(re.is_match(s)),
                _ => Truth::Unknown,
            },
            Expr::Exists(slot) => Truth::from(vals[*slot] != Val::Null),
            Expr::And(a, b) => match (a.eval(vals), b.eval(vals)) {
                (Truth::False, _) | (_, Truth::False) => Truth::False,
                (Truth::True, Truth::True) => Truth::True,
                _ => Truth::Unknown,
            },
            Expr::Or(a, b) => match (a.eval(vals), b.eval(vals)) {
                (Truth::True, _) | (_, Truth::True) => Truth::True,
                (Truth::False, Truth::False) => Truth::False,
                _ => Truth::Unknown,
            },
            Expr::Not(a) => match a.eval(vals) {
                Truth::True => Truth::False,
                Truth::False => Truth::True,
                Truth::Unknown => Truth::Unknown,
            },
        }
    }

    /// Parses `text`; field names are turned into slots by `slot_of`
    /// (which registers new fields).
    pub fn parse(text: &str, slot_of: &mut dyn FnMut(&str) -> usize) -> Result<Expr, String> {
        let tokens = tokenize(text)?;
        let mut p = Parser {
            t: &tokens,
            i: 0,
            slot_of,
        };
        let e = p.or()?;
        match p.t.get(p.i) {
            None => Ok(e),
            Some((tok, at)) => Err(format!("unexpected {tok} at column {}", at + 1)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Sym(&'static str),
}

impl std::fmt::Display for Tok {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tok::Ident(s) => write!(f, "'{s}'"),
            Tok::Str(s) => write!(f, "string {s:?}"),
            Tok::Num(s) => write!(f, "number {s}"),
            Tok::Sym(s) => write!(f, "'{s}'"),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<(Tok, usize)>, String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        const SYMS: [&str; 13] = [
            "==", "!=", "<>", "<=", ">=", "=", "<", ">", "(", ")", ",", "~", "!",
        ];
        if let Some(s) = SYMS.iter().find(|s| text[i..].starts_with(**s)) {
            out.push((Tok::Sym(s), start));
            i += s.len();
            continue;
        }
        if c == b'"' || c == b'\'' {
            let mut s = String::new();
            i += 1;
            loop {
                match b.get(i) {
                    None => {
                        return Err(format!(
                            "unterminated string starting at column {}",
                            start + 1
                        ))
                    }
                    Some(&q) if q == c => {
                        i += 1;
                        break;
                    }
                    Some(b'\\') if i + 1 < b.len() => {
                        let ch = text[i + 1..].chars().next().expect("char");
                        s.push(ch);
                        i += 1 + ch.len_utf8();
                    }
                    Some(_) => {
                        let ch = text[i..].chars().next().expect("char");
                        s.push(ch);
                        i += ch.len_utf8();
                    }
                }
            }
            out.push((Tok::Str(s), start));
            continue;
        }
        if c.is_ascii_digit() || (c == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            i += 1;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'+' | b'-'))
            {
                i += 1;
            }
            out.push((Tok::Num(text[start..i].to_string()), start));
            continue;
        }
        if c.is_ascii_alphabetic() || matches!(c, b'_' | b'/' | b'@' | b'`') {
            if c == b'`' {
                let end = text[i + 1..]
                    .find('`')
                    .ok_or_else(|| format!("unterminated `field` at column {}", start + 1))?;
                out.push((Tok::Ident(text[i + 1..i + 1 + end].to_string()), start));
                i += end + 2;
                continue;
            }
            while i < b.len()
                && (b[i].is_ascii_alphanumeric()
                    || matches!(b[i], b'_' | b'.' | b'/' | b'-' | b'@'))
            {
                i += 1;
            }
            out.push((Tok::Ident(text[start..i].to_string()), start));
            continue;
        }
        return Err(format!(
            "unexpected character {:?} at column {}",
            text[i..].chars().next().expect("char"),
            start + 1
        ));
    }
    Ok(out)
}

struct Parser<'t, 's> {
    t: &'t [(Tok, usize)],
    i: usize,
    slot_of: &'s mut dyn FnMut(&str) -> usize,
}

impl Parser<'_, '_> {
    fn peek_kw(&self, kw: &str) -> bool {
        matches!(self.t.get(self.i), Some((Tok::Ident(s), _)) if s.eq_ignore_ascii_case(kw))
    }

    fn peek_sym(&self, sym: &str) -> bool {
        matches!(self.t.get(self.i), Some((Tok::Sym(s), _)) if *s == sym)
    }

    fn expected(&self, what: &str) -> String {
        match self.t.get(self.i) {
            Some((tok, at)) => format!("expected {what}, found {tok} at column {}", at + 1),
            None => format!("expected {what} at end of the filter"),
        }
    }

    fn expect_sym(&mut self, sym: &str) -> Result<(), String> {
        if self.peek_sym(sym) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.expected(&format!("'{sym}'")))
        }
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut e = self.and()?;
        while self.peek_kw("or") {
            self.i += 1;
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut e = self.unary()?;
        while self.peek_kw("and") {
            self.i += 1;
            e = Expr::And(Box::new(e), Box::new(self.unary()?));
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek_kw("not") || self.peek_sym("!") {
            self.i += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.peek_sym("(") {
            self.i += 1;
            let e = self.or()?;
            self.expect_sym(")")?;
            return Ok(e);
        }
        if self.peek_kw("exists") && matches!(self.t.get(self.i + 1), Some((Tok::Sym("("), _))) {
            self.i += 2;
            let slot = self.field()?;
            self.expect_sym(")")?;
            return Ok(Expr::Exists(slot));
        }
        let slot = self.field()?;
        if self.peek_kw("in") {
            self.i += 1;
            self.expect_sym("(")?;
            let mut lits = vec![self.literal()?];
            while self.peek_sym(",") {
                self.i += 1;
                lits.push(self.literal()?);
            }
            self.expect_sym(")")?;
            return Ok(Expr::In(slot, lits));
        }
        if self.peek_sym("~") {
            self.i += 1;
            let Some((Tok::Str(pat), at)) = self.t.get(self.i) else {
                return Err(self.expected("a quoted regex after '~'"));
            };
            let re = regex::Regex::new(pat)
                .map_err(|e| format!("invalid regex at column {}: {e}", at + 1))?;
            self.i += 1;
            return Ok(Expr::Matches(slot, re));
        }
        let op = match self.t.get(self.i) {
            Some((Tok::Sym(s), _)) => match *s {
                "=" | "==" => Op::Eq,
                "!=" | "<>" => Op::Ne,
                "<" => Op::Lt,
                "<=" => Op::Le,
                ">" => Op::Gt,
                ">=" => Op::Ge,
                _ => return Err(self.expected("a comparison (=, !=, <, <=, >, >=, in, ~)")),
            },
            _ => return Err(self.expected("a comparison (=, !=, <, <=, >, >=, in, ~)")),
        };
        self.i += 1;
        Ok(Expr::Compare(slot, op, self.literal()?))
    }

    fn field(&mut self) -> Result<usize, String> {
        match self.t.get(self.i) {
            Some((Tok::Ident(name), _))
                if !["and", "or", "not", "in"].contains(&name.to_ascii_lowercase().as_str()) =>
            {
                self.i += 1;
                Ok((self.slot_of)(name))
            }
            _ => Err(self.expected("a field name")),
        }
    }

    fn literal(&mut self) -> Result<Literal, String> {
        let lit = match self.t.get(self.i) {
            Some((Tok::Str(s), _)) => Literal::Str(s.clone()),
            Some((Tok::Num(n), at)) => match n.parse::<i64>() {
                Ok(i) => Literal::Int(i),
                Err(_) => Literal::Float(
                    n.parse::<f64>()
                        .map_err(|_| format!("invalid number {n} at column {}", at + 1))?,
                ),
            },
            Some((Tok::Ident(s), _)) if s == "true" => Literal::Bool(true),
            Some((Tok::Ident(s), _)) if s == "false" => Literal::Bool(false),
            Some((Tok::Ident(s), _)) if s == "null" => Literal::Null,
            _ => return Err(self.expected("a value (number, quoted string, true, false, null)")),
        };
        self.i += 1;
        Ok(lit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(text: &str) -> (Expr, Vec<String>) {
        let mut fields: Vec<String> = Vec::new();
        let e = Expr::parse(text, &mut |f| match fields.iter().position(|x| x == f) {
            Some(i) => i,
            None => {
                fields.push(f.to_string());
                fields.len() - 1
            }
        })
        .unwrap();
        (e, fields)
    }

    #[test]
    fn parses_and_evaluates() {
        let (e, f) = compile(
            r#"status >= 500 and (region = "eu" or not exists(user)) and method in ('GET', "HEAD") and path ~ "^/api""#,
        );
        assert_eq!(f, ["status", "region", "user", "method", "path"]);
        let rec = |s, r, u, m, p| vec![Val::Int(s), Val::Str(r), u, Val::Str(m), Val::Str(p)];
        assert_eq!(
            e.eval(&rec(503, "eu", Val::Int(1), "GET", "/api/x")),
            Truth::True
        );
        assert_eq!(
            e.eval(&rec(503, "us", Val::Null, "HEAD", "/api")),
            Truth::True
        );
        assert_eq!(
            e.eval(&rec(503, "us", Val::Int(1), "GET", "/api")),
            Truth::False
        );
        assert_eq!(
            e.eval(&rec(200, "eu", Val::Int(1), "GET", "/api")),
            Truth::False
        );
        assert_eq!(
            e.eval(&rec(503, "eu", Val::Int(1), "POST", "/api")),
            Truth::False
        );
        assert_eq!(
            e.eval(&rec(503, "eu", Val::Int(1), "GET", "/web")),
            Truth::False
        );
    }

    #[test]
    fn nulls_follow_sql() {
        let (e, _) = compile("x != 1");
        assert_eq!(e.eval(&[Val::Null]), Truth::Unknown);
        let (e, _) = compile("not x = 1");
        assert_eq!(e.eval(&[Val::Null]), Truth::Unknown);
        let (e, _) = compile("x = 1 or y = 2");
        assert_eq!(e.eval(&[Val::Null, Val::Int(2)]), Truth::True);
        let (e, _) = compile("x < 2.5");
        assert_eq!(e.eval(&[Val::Int(2)]), Truth::True);
        assert_eq!(e.eval(&[Val::Str("1")]), Truth::Unknown);
    }

    #[test]
    fn errors_say_where() {
        let mut slot = |_: &str| 0;
        for (bad, want) in [
            ("status >=", "end of the filter"),
            ("status 500", "column 8"),
            ("(a = 1", "')'"),
            ("a = 'x", "unterminated"),
            ("a ~ \"(\"", "invalid regex"),
            ("a = 1 b", "column 7"),
            ("a # 1", "column 3"),
        ] {
            let err = Expr::parse(bad, &mut slot).unwrap_err();
            assert!(err.contains(want), "{bad}: {err}");
        }
    }
}
