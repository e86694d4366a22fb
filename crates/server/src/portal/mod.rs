//! The customer's portal (`/api/portal/…`): buyers of a customer account sign in to see their
//! organisation's quotes and orders, accept and place, reorder, save configurations, choose
//! their notifications and read their alerts. A buyer is not a desk user: their own sessions
//! and cookie (`session.rs`); every answer is about the buyer's own account only, and another
//! account's quote, order or configuration is "not found". Desk users invite buyers
//! (`invitations.rs`).
//!
//! A module per concept, each a service under the thin handlers of `routes.rs`.

pub mod alerts;
pub mod configurations;
pub mod invitations;
pub mod mail;
pub mod orders;
pub mod quotes;
pub mod reorder;
pub mod routes;
pub mod session;
