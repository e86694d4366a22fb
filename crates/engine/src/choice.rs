//! The user's choices as the engine takes them.

use crate::ids::ItemId;

/// One of the user's choices: an item, and the quantity they set for it (`None`: any quantity
/// the rules allow; the evaluation says which are achievable).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Choice {
    /// The chosen item.
    pub item: ItemId,
    /// The quantity the user set, if any.
    pub quantity: Option<u32>,
}

impl From<ItemId> for Choice {
    fn from(item: ItemId) -> Self {
        Choice {
            item,
            quantity: None,
        }
    }
}

/// What the engine takes as a choice: a plain item (any quantity) or a [`Choice`].
pub trait AsChoice: Copy + From<ItemId> {
    /// This choice as a [`Choice`].
    fn choice(self) -> Choice;
}

impl AsChoice for ItemId {
    fn choice(self) -> Choice {
        Choice::from(self)
    }
}

impl AsChoice for Choice {
    fn choice(self) -> Choice {
        self
    }
}

pub(crate) fn to_choices<C: AsChoice>(choices: &[C]) -> Vec<Choice> {
    choices.iter().map(|c| c.choice()).collect()
}
