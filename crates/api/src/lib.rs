//! The quote desk's HTTP contract: the request and response types of `/api/`, shared by the
//! server (`crates/server`, which serialises them) and the desk's pages (`src/desk`, which read
//! them), so that the compiler checks every field on both ends. No I/O, no web, no database:
//! plain data with serde.
//!
//! One module per area of the API. The error body is [`error::ErrorBody`]: a code the pages
//! word in the reader's language, with the parameters they need, and the server's English
//! message for logs and tools.

pub mod access;
pub mod accounts;
pub mod error;
pub mod mail;
pub mod quotes;
