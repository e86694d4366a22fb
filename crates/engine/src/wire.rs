//! The engine behind a message boundary: requests and answers as flat `u32` words.
//!
//! The web app runs the engine of a large catalog in a worker, so that no update blocks the
//! page. Both sides hold the same catalog; what crosses is choices, item ids and the engine's
//! answers, encoded here as arrays of `u32` (a `Uint32Array` in the browser: copied in one
//! piece, no text to parse). [`serve`] is the worker's whole job; [`Request::encode`] and the
//! `decode_*` functions are the page's side. Pure and testable natively: `decode(serve(x))`
//! equals asking the engine directly.
//!
//! Layouts (every list is its length, then its elements):
//! - choices: list of (item, quantity + 1, or 0 for none);
//! - explanation: list of items, then list of constraints (group: index × 2; rule: index × 2 + 1);
//! - evaluation: list of item states (0 selected, 1 implied, 2 available, 3 unavailable); per
//!   item 0 (no quantities) or 1, current, list of values; status (0 complete; 1 incomplete,
//!   list of groups; 2 conflict, explanation); total (16 bytes of the decimal, 4 words);
//! - count: 0 when the budget ran out, else 1 and a list of 32-bit limbs, least first.

use crate::answer::{Evaluation, Explanation, ItemState, Quantities, Status};
use crate::choice::Choice;
use crate::constraint::Constraint;
use crate::ids::{GroupId, ItemId, RuleId};
use crate::{Engine, Money, Natural};

/// What the page asks the engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// [`Engine::evaluate`].
    Evaluate(Vec<Choice>),
    /// [`Engine::explain`] for an item.
    Explain(Vec<Choice>, ItemId),
    /// [`Engine::choose_anyway`] for an item.
    ChooseAnyway(Vec<Choice>, ItemId),
    /// [`Engine::count_within`] with a budget of work.
    Count(Vec<Choice>, u64),
    /// [`Engine::complete_with_defaults`].
    Defaults(Vec<Choice>),
    /// [`Engine::cheapest_completion`].
    Cheapest(Vec<Choice>),
}

/// Why words could not be read: they were not written by this module (a bug, or a worker
/// from another build).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("malformed engine message")]
pub struct Malformed;

type Result<T> = std::result::Result<T, Malformed>;

/// Reads words in order.
struct Words<'a> {
    w: &'a [u32],
    at: usize,
}

impl Words<'_> {
    fn next(&mut self) -> Result<u32> {
        let v = *self.w.get(self.at).ok_or(Malformed)?;
        self.at += 1;
        Ok(v)
    }

    fn len(&mut self) -> Result<usize> {
        let n = self.next()? as usize;
        // Each element takes at least one word: a length beyond the rest is malformed.
        if n > self.w.len() - self.at {
            return Err(Malformed);
        }
        Ok(n)
    }

    fn item(&mut self, items: usize) -> Result<ItemId> {
        let i = self.next()? as usize;
        if i < items {
            Ok(ItemId::from_index(i))
        } else {
            Err(Malformed)
        }
    }

    fn done(&self) -> Result<()> {
        if self.at == self.w.len() {
            Ok(())
        } else {
            Err(Malformed)
        }
    }
}

fn put_choices(out: &mut Vec<u32>, choices: &[Choice]) {
    out.push(choices.len() as u32);
    for c in choices {
        out.push(c.item.index() as u32);
        out.push(c.quantity.map_or(0, |q| q.saturating_add(1)));
    }
}

fn get_choices(r: &mut Words<'_>, items: usize) -> Result<Vec<Choice>> {
    let n = r.len()?;
    (0..n)
        .map(|_| {
            let item = r.item(items)?;
            let q = r.next()?;
            Ok(Choice {
                item,
                quantity: q.checked_sub(1),
            })
        })
        .collect()
}

fn put_explanation(out: &mut Vec<u32>, e: &Explanation) {
    out.push(e.choices.len() as u32);
    out.extend(e.choices.iter().map(|i| i.index() as u32));
    out.push(e.constraints.len() as u32);
    out.extend(e.constraints.iter().map(|c| match *c {
        Constraint::Group(g) => g.index() as u32 * 2,
        Constraint::Rule(r) => r.index() as u32 * 2 + 1,
    }));
}

fn get_explanation(r: &mut Words<'_>, engine: &Engine) -> Result<Explanation> {
    let catalog = engine.catalog();
    let items = catalog.items().len();
    let n = r.len()?;
    let choices = (0..n).map(|_| r.item(items)).collect::<Result<_>>()?;
    let n = r.len()?;
    let constraints = (0..n)
        .map(|_| {
            let c = r.next()? as usize;
            let (k, rule) = (c / 2, c % 2 == 1);
            if !rule && k < catalog.groups().len() {
                Ok(Constraint::Group(GroupId::from_index(k)))
            } else if rule && k < catalog.rules().len() {
                Ok(Constraint::Rule(RuleId::from_index(k)))
            } else {
                Err(Malformed)
            }
        })
        .collect::<Result<_>>()?;
    Ok(Explanation {
        choices,
        constraints,
    })
}

impl Request {
    /// The request as words.
    pub fn encode(&self) -> Vec<u32> {
        let mut out = Vec::new();
        let (op, choices) = match self {
            Request::Evaluate(c) => (0, c),
            Request::Explain(c, _) => (1, c),
            Request::ChooseAnyway(c, _) => (2, c),
            Request::Count(c, _) => (3, c),
            Request::Defaults(c) => (4, c),
            Request::Cheapest(c) => (5, c),
        };
        out.push(op);
        put_choices(&mut out, choices);
        match self {
            Request::Explain(_, i) | Request::ChooseAnyway(_, i) => out.push(i.index() as u32),
            Request::Count(_, budget) => {
                out.push(*budget as u32);
                out.push((*budget >> 32) as u32);
            }
            _ => {}
        }
        out
    }

    /// A request from words, checked against the engine's catalog.
    pub fn decode(words: &[u32], engine: &Engine) -> Result<Request> {
        let items = engine.catalog().items().len();
        let mut r = Words { w: words, at: 0 };
        let op = r.next()?;
        let choices = get_choices(&mut r, items)?;
        let request = match op {
            0 => Request::Evaluate(choices),
            1 => Request::Explain(choices, r.item(items)?),
            2 => Request::ChooseAnyway(choices, r.item(items)?),
            3 => {
                let lo = u64::from(r.next()?);
                Request::Count(choices, lo | u64::from(r.next()?) << 32)
            }
            4 => Request::Defaults(choices),
            5 => Request::Cheapest(choices),
            _ => return Err(Malformed),
        };
        r.done()?;
        Ok(request)
    }
}

/// Answers one request: what a worker holding `engine` sends back.
pub fn serve(engine: &Engine, words: &[u32]) -> Result<Vec<u32>> {
    let mut out = Vec::new();
    match Request::decode(words, engine)? {
        Request::Evaluate(c) => put_evaluation(&mut out, &engine.evaluate(&c)),
        Request::Explain(c, item) => match engine.explain(&c, item) {
            None => out.push(0),
            Some(e) => {
                out.push(1);
                put_explanation(&mut out, &e);
            }
        },
        Request::ChooseAnyway(c, item) => match engine.choose_anyway(&c, item) {
            None => out.push(0),
            Some(repair) => {
                out.push(1);
                out.push(repair.retract.len() as u32);
                out.extend(repair.retract.iter().map(|i| i.index() as u32));
                put_choices(&mut out, &repair.choices);
            }
        },
        Request::Count(c, budget) => match engine.count_within(&c, budget) {
            None => out.push(0),
            Some(n) => {
                out.push(1);
                let limbs = n.limbs();
                out.push(limbs.len() as u32);
                out.extend_from_slice(limbs);
            }
        },
        Request::Defaults(c) => put_choices(&mut out, &engine.complete_with_defaults(&c)),
        Request::Cheapest(c) => match engine.cheapest_completion(&c) {
            None => out.push(0),
            Some(c) => {
                out.push(1);
                put_choices(&mut out, &c);
            }
        },
    }
    Ok(out)
}

fn put_evaluation(out: &mut Vec<u32>, e: &Evaluation) {
    out.push(e.items.len() as u32);
    out.extend(e.items.iter().map(|s| match s {
        ItemState::Selected => 0,
        ItemState::Implied => 1,
        ItemState::Available => 2,
        ItemState::Unavailable => 3,
    }));
    for q in &e.quantities {
        match q {
            None => out.push(0),
            Some(q) => {
                out.extend([1, q.current, q.values.len() as u32]);
                out.extend_from_slice(&q.values);
            }
        }
    }
    match &e.status {
        Status::Complete => out.push(0),
        Status::Incomplete { missing } => {
            out.extend([1, missing.len() as u32]);
            out.extend(missing.iter().map(|g| g.index() as u32));
        }
        Status::Conflict(x) => {
            out.push(2);
            put_explanation(out, x);
        }
    }
    out.extend(
        e.total
            .to_bytes()
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
    );
}

/// The answer to [`Request::Evaluate`].
pub fn decode_evaluation(words: &[u32], engine: &Engine) -> Result<Evaluation> {
    let catalog = engine.catalog();
    let mut r = Words { w: words, at: 0 };
    let n = r.len()?;
    if n != catalog.items().len() {
        return Err(Malformed);
    }
    let items = (0..n)
        .map(|_| match r.next()? {
            0 => Ok(ItemState::Selected),
            1 => Ok(ItemState::Implied),
            2 => Ok(ItemState::Available),
            3 => Ok(ItemState::Unavailable),
            _ => Err(Malformed),
        })
        .collect::<Result<_>>()?;
    let quantities = (0..n)
        .map(|_| match r.next()? {
            0 => Ok(None),
            1 => {
                let current = r.next()?;
                let k = r.len()?;
                let values = (0..k).map(|_| r.next()).collect::<Result<_>>()?;
                Ok(Some(Quantities { values, current }))
            }
            _ => Err(Malformed),
        })
        .collect::<Result<_>>()?;
    let status = match r.next()? {
        0 => Status::Complete,
        1 => {
            let k = r.len()?;
            let missing = (0..k)
                .map(|_| {
                    let g = r.next()? as usize;
                    if g < catalog.groups().len() {
                        Ok(GroupId::from_index(g))
                    } else {
                        Err(Malformed)
                    }
                })
                .collect::<Result<_>>()?;
            Status::Incomplete { missing }
        }
        2 => Status::Conflict(get_explanation(&mut r, engine)?),
        _ => return Err(Malformed),
    };
    let mut bytes = [0u8; 16];
    for k in 0..4 {
        bytes[k * 4..k * 4 + 4].copy_from_slice(&r.next()?.to_le_bytes());
    }
    r.done()?;
    Ok(Evaluation {
        items,
        quantities,
        status,
        total: Money::from_bytes(bytes),
    })
}

/// The answer to [`Request::Explain`].
pub fn decode_explanation(words: &[u32], engine: &Engine) -> Result<Option<Explanation>> {
    let mut r = Words { w: words, at: 0 };
    let out = match r.next()? {
        0 => None,
        1 => Some(get_explanation(&mut r, engine)?),
        _ => return Err(Malformed),
    };
    r.done()?;
    Ok(out)
}

/// The answer to [`Request::ChooseAnyway`].
pub fn decode_repair(
    words: &[u32],
    engine: &Engine,
) -> Result<Option<crate::answer::Repair<Choice>>> {
    let items = engine.catalog().items().len();
    let mut r = Words { w: words, at: 0 };
    let out = match r.next()? {
        0 => None,
        1 => {
            let n = r.len()?;
            let retract = (0..n).map(|_| r.item(items)).collect::<Result<_>>()?;
            let choices = get_choices(&mut r, items)?;
            Some(crate::answer::Repair { retract, choices })
        }
        _ => return Err(Malformed),
    };
    r.done()?;
    Ok(out)
}

/// The answer to [`Request::Count`].
pub fn decode_count(words: &[u32]) -> Result<Option<Natural>> {
    let mut r = Words { w: words, at: 0 };
    let out = match r.next()? {
        0 => None,
        1 => {
            let n = r.len()?;
            let limbs: Vec<u32> = (0..n).map(|_| r.next()).collect::<Result<_>>()?;
            Some(Natural::from_limbs(limbs))
        }
        _ => return Err(Malformed),
    };
    r.done()?;
    Ok(out)
}

/// The answer to [`Request::Defaults`].
pub fn decode_choices(words: &[u32], engine: &Engine) -> Result<Vec<Choice>> {
    let mut r = Words { w: words, at: 0 };
    let out = get_choices(&mut r, engine.catalog().items().len())?;
    r.done()?;
    Ok(out)
}

/// The answer to [`Request::Cheapest`].
pub fn decode_cheapest(words: &[u32], engine: &Engine) -> Result<Option<Vec<Choice>>> {
    let mut r = Words { w: words, at: 0 };
    let out = match r.next()? {
        0 => None,
        1 => Some(get_choices(&mut r, engine.catalog().items().len())?),
        _ => return Err(Malformed),
    };
    r.done()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, DEMO_CATALOG, DEMO_CATALOG_FILE};

    fn engine() -> Engine {
        Engine::new(Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap())
    }

    /// Every answer that crosses the boundary equals the engine's own, over sessions of
    /// clicks on the demo catalog (with quantities, conflicts and repairs).
    #[test]
    fn answers_across_the_boundary_equal_the_engines() {
        let e = engine();
        let items: Vec<ItemId> = e.catalog().items().iter().map(|i| i.id).collect();
        let ask = |req: Request| serve(&e, &req.encode()).unwrap();
        let mut choices: Vec<Choice> = Vec::new();
        for step in 0..60usize {
            let item = items[(step * 7 + step / 3) % items.len()];
            let words = ask(Request::Evaluate(choices.clone()));
            assert_eq!(decode_evaluation(&words, &e).unwrap(), e.evaluate(&choices));
            let words = ask(Request::Explain(choices.clone(), item));
            assert_eq!(
                decode_explanation(&words, &e).unwrap(),
                e.explain(&choices, item)
            );
            let words = ask(Request::ChooseAnyway(choices.clone(), item));
            assert_eq!(
                decode_repair(&words, &e).unwrap(),
                e.choose_anyway(&choices, item)
            );
            let words = ask(Request::Count(choices.clone(), 1 << 40));
            assert_eq!(decode_count(&words).unwrap(), e.count(&choices));
            let words = ask(Request::Defaults(choices.clone()));
            assert_eq!(
                decode_choices(&words, &e).unwrap(),
                e.complete_with_defaults(&choices)
            );
            let words = ask(Request::Cheapest(choices.clone()));
            assert_eq!(
                decode_cheapest(&words, &e).unwrap(),
                e.cheapest_completion(&choices)
            );
            // Click on, and sometimes set a quantity or force a repair, as a user would.
            choices = match e.choose_anyway(&choices, item) {
                Some(r) if step % 3 == 0 => r.choices,
                _ => e.toggle(&choices, item),
            };
            if let Some(c) = choices.last_mut().filter(|_| step % 4 == 1) {
                c.quantity = Some(2);
            }
        }
    }

    #[test]
    fn malformed_words_are_rejected_not_trusted() {
        let e = engine();
        let n = e.catalog().items().len() as u32;
        for bad in [
            vec![],
            vec![9, 0],
            vec![0, 1, n, 0],
            vec![0, 5, 1, 0],
            vec![1, 0],
            vec![0, 0, 7],
        ] {
            assert_eq!(serve(&e, &bad), Err(Malformed), "{bad:?}");
        }
        assert_eq!(decode_evaluation(&[1, 2], &e), Err(Malformed));
        assert_eq!(decode_count(&[1, 3, 1]), Err(Malformed));
    }
}
