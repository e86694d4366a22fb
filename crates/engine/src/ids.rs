//! Typed indices into a validated [`Catalog`](crate::Catalog).
//!
//! Ids are dense indices assigned at load time, so engine tables can be plain vectors. They are
//! only meaningful for the catalog that issued them.

use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub(crate) u32);

        impl $name {
            /// The dense index of this id.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// Builds an id from a dense index. Only valid for indices the catalog issued.
            pub fn from_index(index: usize) -> Self {
                Self(u32::try_from(index).expect("catalog ids fit in u32"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}#{}", stringify!($name), self.0)
            }
        }
    };
}

id_type!(
    /// An option group (a step of the configurator).
    GroupId
);
id_type!(
    /// A selectable item (an option of a group).
    ItemId
);
id_type!(
    /// An author-written rule.
    RuleId
);
