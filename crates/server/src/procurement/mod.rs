//! Procurement systems: cXML PunchOut, purchase orders (`order_request.rs`), our
//! confirmations and ship notices (`notices.rs`) and their durable outbox (`delivery.rs`).

pub mod delivery;
pub mod notices;
pub mod order_request;
pub mod purchase;
pub mod seams;
pub mod tree;
