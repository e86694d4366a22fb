//! The diagram's variables (levels): where each item, group and quantity lives.

use super::Slot;
use crate::catalog::{Catalog, ChoiceKind};

/// The diagram's variables: each level's domain size, each item's level and value there, the
/// level of each single-choice group and of each item's quantity.
#[derive(Clone, Debug)]
pub(crate) struct Vars {
    /// Domain size of each level.
    pub domains: Vec<u32>,
    /// For each item, its level and value.
    pub slots: Vec<Slot>,
    /// For each single-choice group, its level (`u32::MAX` for multiple-choice groups).
    pub group_level: Vec<u32>,
    /// For each item with a quantity, the level of its quantity.
    pub quantity_levels: Vec<Option<u32>>,
    /// For each level in catalog order (see [`Vars::in_catalog_order`]), its level here.
    pub order: Vec<u32>,
}

impl Vars {
    /// The levels in catalog order: a group's variable, or one per item of a multiple group,
    /// then one per quantity.
    pub(crate) fn in_catalog_order(catalog: &Catalog) -> Vars {
        let mut domains = Vec::new();
        let mut slots = vec![Slot { level: 0, value: 0 }; catalog.items().len()];
        let mut group_level = vec![u32::MAX; catalog.groups().len()];
        for g in catalog.groups() {
            match g.kind {
                ChoiceKind::Single => {
                    let level = domains.len() as u32;
                    group_level[g.id.index()] = level;
                    for (v, &i) in g.items.iter().enumerate() {
                        slots[i.index()] = Slot {
                            level,
                            value: v as u32,
                        };
                    }
                    // "None" is a value when the group is optional or may not apply.
                    domains.push(g.items.len() as u32 + u32::from(g.min == 0 || g.when.is_some()));
                }
                ChoiceKind::Multiple => {
                    for &i in &g.items {
                        slots[i.index()] = Slot {
                            level: domains.len() as u32,
                            value: 1,
                        };
                        domains.push(2);
                    }
                }
            }
        }
        let mut quantity_levels = vec![None; catalog.items().len()];
        for it in catalog.items() {
            if it.has_quantity() {
                quantity_levels[it.id.index()] = Some(domains.len() as u32);
                domains.push(it.quantity.end() + 1);
            }
        }
        Vars {
            order: (0..domains.len() as u32).collect(),
            domains,
            slots,
            group_level,
            quantity_levels,
        }
    }

    /// Renumbers the levels: level `l` becomes `rank[l]`.
    pub(crate) fn permute(&mut self, rank: &[u32]) {
        let mut permuted = vec![0; self.domains.len()];
        for (old, &new) in rank.iter().enumerate() {
            permuted[new as usize] = self.domains[old];
        }
        self.domains = permuted;
        for s in &mut self.slots {
            s.level = rank[s.level as usize];
        }
        for l in self.quantity_levels.iter_mut().flatten() {
            *l = rank[*l as usize];
        }
        for l in &mut self.group_level {
            if *l != u32::MAX {
                *l = rank[*l as usize];
            }
        }
        for l in &mut self.order {
            *l = rank[*l as usize];
        }
    }
}
