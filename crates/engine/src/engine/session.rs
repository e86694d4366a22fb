//! Reproducible click sessions drawn from a model, for benchmarks and replay tests.

use crate::answer::ItemState;
use crate::catalog::ChoiceKind;
use crate::ids::ItemId;

use super::Engine;

impl Engine {
    /// A reproducible click session drawn from the model itself (for benchmarks and replay
    /// tests): repeatedly pick, with a seeded generator, an open group (a single-choice group
    /// with nothing chosen or implied) or an open item of a multiple-choice group, then an
    /// available item there (for a yes/no item: choose it or leave it, at random), until
    /// nothing is open or `max_clicks` clicks were made. Returns the clicks in order.
    pub fn random_session(&self, seed: u64, max_clicks: usize) -> Vec<ItemId> {
        let mut state = seed ^ 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut choices = Vec::new();
        let mut left_out: Vec<ItemId> = Vec::new();
        while choices.len() < max_clicks {
            let ev = self.evaluate(&choices);
            let mut open: Vec<Vec<ItemId>> = Vec::new();
            for g in self.catalog.groups() {
                let free: Vec<ItemId> = g
                    .items
                    .iter()
                    .copied()
                    .filter(|&i| ev.item(i) == ItemState::Available && !left_out.contains(&i))
                    .collect();
                match g.kind {
                    ChoiceKind::Single => {
                        if !free.is_empty() && !g.items.iter().any(|&i| ev.item(i).is_in()) {
                            open.push(free);
                        }
                    }
                    ChoiceKind::Multiple => open.extend(free.into_iter().map(|i| vec![i])),
                }
            }
            if open.is_empty() {
                break;
            }
            let pick = &open[next() % open.len()];
            let item = pick[next() % pick.len()];
            if pick.len() == 1
                && self.catalog.group(self.catalog.item(item).group).kind == ChoiceKind::Multiple
                && next() % 2 == 0
            {
                left_out.push(item);
                continue;
            }
            choices.push(item);
        }
        choices
    }
}
