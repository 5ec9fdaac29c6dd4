//! Whole-line templates for the NDJSON skimmer.
//!
//! Log lines written by one program repeat one layout: the same keys in
//! the same order, with the same punctuation and whitespace between them;
//! only the values differ. A [`Template`] is learned from a line the
//! skimmer read member by member: the bytes between values (keys, colons,
//! commas, braces) become literals, and each value an action (skip it, or
//! read it into its output slots). A later line is first followed through
//! the template: each literal costs a word compare or two, and each value
//! is validated (and read when wanted) by the skimmer's own value
//! functions, so a line that follows the template is valid JSON and gives
//! the values the member-by-member walk gives. Any difference (another
//! key, other whitespace, an object where the template has a number) sends
//! the line to that walk, which may then learn a new template.

use super::{Literal, Skimmer, Val, Want, MAX_DEPTH, RELEARN_AFTER};
use std::ops::Range;

/// A line layout: literals and the values between them.
#[derive(Debug)]
pub struct Template {
    steps: Vec<Step>,
    /// The output slots of the read steps, one run per step.
    slots: Vec<usize>,
}

impl Template {
    /// Puts `v` into the slots of `run`.
    #[inline(always)]
    fn fill<'a>(&self, run: &Range<usize>, v: Val<'a>, out: &mut [Val<'a>]) {
        for &slot in &self.slots[run.clone()] {
            out[slot] = v;
        }
    }
}

/// A literal, then what to do with the value after it.
#[derive(Debug)]
struct Step {
    literal: Literal,
    action: Action,
    /// Nesting depth of the object holding the value (for depth limits).
    depth: usize,
}

#[derive(Debug)]
enum Action {
    /// Validate a string and go on (the literal ends with its opening
    /// quote).
    SkipString,
    /// Validate a number and go on.
    SkipNumber,
    /// Validate a value of any kind and go on.
    Skip,
    /// Read the value into these slots (a range of [`Template::slots`]).
    Read(Range<usize>),
    /// [`Action::Read`] for a string (the literal ends with its opening
    /// quote).
    ReadString(Range<usize>),
    /// [`Action::Read`] for a number.
    ReadNumber(Range<usize>),
    /// The literal closes the line's object: nothing follows.
    End,
}

/// Lines to go without a template after learning failed or a template
/// stopped paying off.
const PAUSE_LINES: u32 = 4096;

/// Lines over which a template's hit rate is judged.
const WINDOW: u16 = 256;

/// Misses in a [`WINDOW`] above which templates pause: a line that misses
/// may cost a nearly whole follow before its walk, so below ~90% hits a
/// template no longer pays for itself (lines of mixed layouts).
const WINDOW_MISSES: u16 = WINDOW / 10;

/// A worker's template and how well it does.
#[derive(Debug, Default)]
pub struct Learned {
    template: Option<Template>,
    /// Lines in a row that did not follow the template.
    misses: u8,
    /// Lines that followed it since it was learned (for tests).
    hits: u32,
    /// Lines tried and lines missed in the current window.
    tried: u16,
    missed: u16,
    /// Lines left to read without a template (nor learning one).
    pause: u32,
}

impl Learned {
    /// The template to try on the next line, if any.
    #[inline(always)]
    pub fn for_next_line(&mut self) -> Option<&Template> {
        if self.pause > 0 {
            self.pause -= 1;
            return None;
        }
        self.template.as_ref()
    }

    /// Lines that followed the current template.
    #[cfg(test)]
    pub fn hits(&self) -> u32 {
        self.hits
    }

    /// Whether templates are paused.
    #[cfg(test)]
    pub fn paused(&self) -> bool {
        self.pause > 0
    }

    /// The line followed the template.
    #[inline(always)]
    pub fn hit(&mut self) {
        self.misses = 0;
        self.hits = self.hits.wrapping_add(1);
        self.count_try();
    }

    /// The line did not follow the template.
    pub fn miss(&mut self) {
        self.misses = self.misses.saturating_add(1);
        self.missed += 1;
        self.count_try();
    }

    /// Counts a line tried in the current window; judges the window when
    /// it is full.
    #[inline(always)]
    fn count_try(&mut self) {
        self.tried += 1;
        if self.tried == WINDOW {
            self.end_window();
        }
    }

    /// Judges the window that just ended: too many misses pause
    /// templates for [`PAUSE_LINES`] lines.
    #[cold]
    fn end_window(&mut self) {
        if self.missed > WINDOW_MISSES {
            *self = Learned {
                pause: PAUSE_LINES,
                ..Learned::default()
            };
        } else {
            self.tried = 0;
            self.missed = 0;
        }
    }

    /// After `line` was read member by member: learns its layout when
    /// there is no template yet or the template missed [`RELEARN_AFTER`]
    /// lines in a row (the layout changed). A line whose layout cannot be
    /// a template (escaped or repeated wanted keys, deep nesting) pauses
    /// templates for [`PAUSE_LINES`] lines, as does a template that misses
    /// too often (see [`WINDOW_MISSES`]); that bounds the work spent on
    /// learning and on lines that do not follow.
    pub fn after_walk(&mut self, line: &str, root: &[Want]) {
        if self.pause > 0 || (self.template.is_some() && self.misses < RELEARN_AFTER) {
            return;
        }
        let template = learn(line, root);
        *self = Learned {
            pause: if template.is_none() { PAUSE_LINES } else { 0 },
            template,
            ..Learned::default()
        };
    }
}

/// The layout of `line` (valid UTF-8 that the skimmer read in full, ending
/// where the line's object and whitespace end) for the wanted keys of
/// `root`, or `None` when it cannot be a template.
fn learn(line: &str, root: &[Want]) -> Option<Template> {
    let mut b = Builder {
        sk: Skimmer::<true> {
            s: line.as_bytes(),
            text: line,
            pos: 0,
        },
        literal_from: 0,
        template: Template {
            steps: Vec::new(),
            slots: Vec::new(),
        },
    };
    b.sk.ws();
    b.object(root, 1)?;
    b.step(Action::End, 0);
    Some(b.template)
}

/// Walks a line that is known to be valid, recording its layout.
struct Builder<'a> {
    sk: Skimmer<'a, true>,
    /// Where the literal before the next value starts.
    literal_from: usize,
    template: Template,
}

impl Builder<'_> {
    /// Records the object at the current position (nested `depth` deep).
    fn object(&mut self, wanted: &[Want], depth: usize) -> Option<()> {
        self.sk.expect(b'{')?;
        self.sk.ws();
        if self.sk.peek() == Some(b'}') {
            self.sk.pos += 1;
            return Some(());
        }
        // Wanted keys seen in this object: a repeated one is left to the
        // walk (the last duplicate wins there, which a template would
        // have to undo).
        let mut seen: u64 = 0;
        loop {
            if self.sk.peek() != Some(b'"') {
                return None;
            }
            let (ks, ke, escaped) = self.sk.string()?;
            if escaped {
                return None;
            }
            self.sk.ws();
            self.sk.expect(b':')?;
            self.sk.ws();
            let key = &self.sk.s[ks..ke];
            let want = match wanted.iter().position(|w| w.key.as_bytes() == key) {
                Some(i) if i >= 64 || seen & (1 << i) != 0 => return None,
                Some(i) => {
                    seen |= 1 << i;
                    Some(&wanted[i])
                }
                None => None,
            };
            let object = self.sk.peek()? == b'{';
            match want {
                // Objects are walked into: their keys become literals.
                None if object => self.nested(&[], depth)?,
                Some(w) if object && !w.children.is_empty() => {
                    if !w.slots.is_empty() {
                        return None;
                    }
                    self.nested(&w.children, depth)?;
                }
                None => {
                    let action = match self.sk.peek()? {
                        b'"' => Action::SkipString,
                        b'-' | b'0'..=b'9' => Action::SkipNumber,
                        _ => Action::Skip,
                    };
                    self.value(action, depth)?;
                }
                Some(w) => {
                    let start = self.template.slots.len();
                    self.template.slots.extend_from_slice(&w.slots);
                    let run = start..self.template.slots.len();
                    let action = match self.sk.peek()? {
                        b'"' => Action::ReadString(run),
                        b'-' | b'0'..=b'9' => Action::ReadNumber(run),
                        _ => Action::Read(run),
                    };
                    self.value(action, depth)?;
                }
            }
            self.sk.ws();
            match self.sk.peek()? {
                b',' => {
                    self.sk.pos += 1;
                    self.sk.ws();
                }
                b'}' => {
                    self.sk.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Records the object value of a member of an object `depth` deep.
    fn nested(&mut self, wanted: &[Want], depth: usize) -> Option<()> {
        if depth >= MAX_DEPTH {
            return None;
        }
        self.object(wanted, depth + 1)
    }

    /// Records the literal up to the value at the current position and
    /// `action` for the value, and moves past it.
    fn value(&mut self, action: Action, depth: usize) -> Option<()> {
        // A string's opening quote joins the literal before it.
        let quote = usize::from(matches!(action, Action::SkipString | Action::ReadString(_)));
        self.sk.pos += quote;
        self.step(action, depth);
        self.sk.pos -= quote;
        self.sk.skip_member_value(depth)?;
        self.literal_from = self.sk.pos;
        Some(())
    }

    /// Records the literal up to the current position, then `action`.
    fn step(&mut self, action: Action, depth: usize) {
        let literal = Literal::new(&self.sk.s[self.literal_from..self.sk.pos]);
        self.template.steps.push(Step {
            literal,
            action,
            depth,
        });
    }
}

impl<'a> Skimmer<'a, true> {
    /// [`Skimmer::skip_value`] for the array at `pos` in an object `depth`
    /// deep, with strings (tags, say) read inline; any other element
    /// leaves the array to `skip_value`.
    #[inline(always)]
    fn skip_array(&mut self, depth: usize) -> Option<()> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        self.pos += 1;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Some(());
        }
        while self.peek() == Some(b'"') {
            self.string()?;
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.ws();
                }
                Some(b']') => {
                    self.pos += 1;
                    return Some(());
                }
                _ => break,
            }
        }
        self.pos = start;
        self.skip_value(depth)
    }

    /// Reads the line at `pos` (0) through `t`: [`Skimmer::root`]'s result
    /// when the line has the template's layout, else `None` (`out` may
    /// then hold some of the line's values).
    #[inline(always)]
    pub(super) fn follow(&mut self, t: &Template, out: &mut [Val<'a>]) -> Option<usize> {
        for step in &t.steps {
            let literal = &step.literal;
            // The length check keeps a literal ending in whitespace from
            // matching the padding past the end of the text.
            if self.pos + literal.len > self.s.len() || !literal.matches(self.s, self.pos) {
                return None;
            }
            self.pos += literal.len;
            match &step.action {
                Action::SkipString => {
                    self.pos -= 1;
                    self.string()?;
                }
                Action::SkipNumber => {
                    self.number_end()?;
                }
                Action::Skip if self.peek() == Some(b'[') => self.skip_array(step.depth)?,
                Action::Skip => self.skip_member_value(step.depth)?,
                Action::Read(run) => {
                    let v = self.value(step.depth)?;
                    t.fill(run, v, out);
                }
                Action::ReadString(run) => {
                    self.pos -= 1;
                    let (a, b, escaped) = self.string()?;
                    if escaped {
                        return None;
                    }
                    t.fill(run, Val::Str(self.text.get(a..b)?), out);
                }
                Action::ReadNumber(run) => {
                    let v = self.number()?;
                    t.fill(run, v, out);
                }
                Action::End => break,
            }
        }
        self.ws();
        matches!(self.peek(), None | Some(b'\n')).then_some(self.pos)
    }
}
