//! Procurement systems buy from the desk: cXML PunchOut (level 1) and SAP OCI, purchase
//! orders, our confirmations and ship notices, the log of every document in and out, and the
//! buyer organisations' settings.
//!
//! The map:
//! - `xml.rs`: reading (bounded, no DTD processing, no entities) and writing XML with
//!   quick-xml;
//! - `envelope.rs`: the cXML envelope (`payloadID`, `timestamp`, `Header` credentials, the
//!   request it carries), the prolog we write, `Response/Status` answers;
//! - `orgs.rs`: buyer organisations (authentication by credential and shared secret, the
//!   admins' settings, secrets);
//! - `reference.rs`: the signed `SupplierPartAuxiliaryID` that names a transferred quote;
//! - `log.rs`: the log of documents (secrets redacted), also the outbox of documents out;
//! - `order_request.rs`: what the desk reads of a cXML `OrderRequest`;
//! - `purchase.rs`: `POST /cxml/order`, a purchase order placed in one transaction;
//! - `notices.rs`: our `ConfirmationRequest`s and `ShipNoticeRequest`s, written with the
//!   order desk's steps;
//! - `delivery.rs`: the outbox's sender (retries with backoff, claims, restarts);
//! - `setup.rs`: `PunchOutSetupRequest` → one-time start page; `oci.rs`: SAP OCI's setup and
//!   cart fields; `session.rs`: PunchOut sessions (bearer tokens in the path);
//! - `transfer.rs`: the configured product as a desk quote and the `PunchOutOrderMessage`;
//! - `pages.rs`: the routes outside `/api/`; `routes.rs`: the desk's `/api/procurement/…`.
//!
//! Routes are added by [`routes`]: the desk's JSON ones to the API's table (and so to the
//! OpenAPI description), the documents' and pages' ones (`/punchout/…`, `/cxml/order`, XML
//! and forms) to their routers.

pub mod delivery;
pub mod envelope;
pub mod log;
pub mod notices;
pub mod oci;
pub mod order_request;
pub mod orgs;
pub mod pages;
pub mod purchase;
pub mod reference;
pub mod routes;
pub mod session;
pub mod setup;
pub mod transfer;
pub mod xml;

pub use pages::router;
pub use routes::routes;
