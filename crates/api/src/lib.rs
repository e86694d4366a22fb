//! The quote desk's HTTP contract: the request and response types of `/api/`, shared by the
//! server (`crates/server`, which serialises them) and the desk's pages (`src/desk`, which read
//! them), so that the compiler checks every field on both ends. No I/O, no web, no database:
//! plain data with serde (and, with the `openapi` feature that only the server enables, their
//! OpenAPI schemas).
//!
//! One module per area of the API. The error body is [`error::ErrorBody`]: a code the pages
//! word in the reader's language, with the parameters they need, and the server's English
//! message for logs and tools. A quote inside an answer is the engine's typed quote
//! ([`quotes::QuoteDocument`]), checked by the engine's reader.
//!
//! # A renamed field does not compile
//!
//! The pages read answers through these types, never by a field's name in a string. The desk
//! shows a quote's customer like this:
//!
//! ```
//! use configurator_api::quotes::QuoteSummary;
//!
//! fn customer(q: &QuoteSummary) -> &str {
//!     &q.customer
//! }
//! ```
//!
//! Were the server to rename the field (or the desk to misspell it), the page would not build,
//! where a string lookup (`v["customer_name"]`) would have shown an empty text:
//!
//! ```compile_fail,E0609
//! use configurator_api::quotes::QuoteSummary;
//!
//! fn customer(q: &QuoteSummary) -> &str {
//!     &q.customer_name
//! }
//! ```
//!
//! And an answer without a field the type has is refused when read, not shown empty (see the
//! tests of `quotes.rs`).

pub mod access;
pub mod accounts;
pub mod error;
pub mod links;
pub mod mail;
pub mod orders;
pub mod portal;
pub mod procurement;
pub mod quotes;
pub mod session;
