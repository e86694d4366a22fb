//! The quote desk's tests over HTTP on loopback, in one test binary (the server and its
//! dependencies are linked once rather than once per file): a module per concern, each on SQLite
//! and on PostgreSQL where the database matters (`common::Db`).

#[macro_use]
mod common;

mod access;
mod accounts;
mod api;
mod authorisation;
mod crash;
mod cxml_crash;
mod cxml_notices;
mod cxml_orders;
mod document;
mod headers;
mod hostile;
mod instances;
mod lines;
mod mail;
mod openapi;
mod order_life;
mod orders;
mod pages;
mod portal;
mod portal_orders;
mod procurement_admin;
mod procurement_hostile;
mod punchout;
mod renew;
mod review;
