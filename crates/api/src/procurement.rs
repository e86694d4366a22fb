//! Procurement systems (`/punchout/…`, `/cxml/order`, `/api/procurement/…`): a buyer
//! organisation's procurement system (SAP Ariba, Coupa, SAP with OCI…) opens the configurator in
//! PunchOut mode, takes the configured product back into its cart, and later sends the purchase
//! order as a cXML `OrderRequest`. The documents themselves are XML (the server's
//! `procurement` module); this module holds the JSON the configurator's PunchOut mode and the
//! desk's procurement pages exchange with the server.

use serde::{Deserialize, Serialize};

/// How a procurement system punched out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Flavour {
    /// cXML 1.2 `PunchOutSetupRequest`; the cart goes back as a `PunchOutOrderMessage`.
    Cxml,
    /// SAP Open Catalog Interface: the cart goes back as `NEW_ITEM-…` form fields.
    Oci,
}

/// What the procurement system asked the PunchOut session for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// Configure a new product.
    Create,
    /// Change a configured product of the cart (its configuration reopened).
    Edit,
    /// Look at a configured product of the cart, read-only: nothing is transferred.
    Inspect,
}

/// `GET /punchout/s/{session}/session`: what the configurator shows in PunchOut mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PunchoutSession {
    /// cXML or OCI.
    pub flavour: Flavour,
    /// Create, edit or inspect.
    pub operation: Operation,
    /// The buyer organisation's name (the banner names it).
    pub organisation: String,
    /// The person shopping, as their procurement system names them (a contact's name or
    /// e-mail address), if it did.
    pub buyer: Option<String>,
    /// `en` or `de`: the buyer's language (the setup request's, else their account's).
    pub language: String,
    /// The product line's catalog id.
    pub catalog: String,
    /// The account's price book (contract prices).
    pub price_book: String,
    /// The account's partner tier, if any.
    pub partner_tier: Option<String>,
    /// Where the cart goes (the `BrowserFormPost` URL or the `HOOK_URL`), shown to the buyer.
    pub return_url: String,
    /// When the session ends (UTC seconds).
    pub expires_at: i64,
}

/// `POST /punchout/s/{session}/transfer`: the configured product to put into the procurement
/// system's cart. The server recomputes it with the engine at the account's contract prices;
/// the browser's own prices are never read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The configuration as choices JSON (`[["group","item",qty], …]`), as saved configurations
    /// are.
    pub choices: String,
}

/// One field of the form the browser posts back to the procurement system.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormField {
    /// The field's name (`cxml-urlencoded`, `NEW_ITEM-DESCRIPTION[1]`, …).
    pub name: String,
    /// Its value, as the browser sends it (the browser url-encodes it).
    pub value: String,
}

/// The answer to [`Transfer`]: the HTML form the browser builds and submits (`method="post"`,
/// `enctype="application/x-www-form-urlencoded"`), as cXML's `BrowserFormPost` and OCI's
/// `HOOK_URL` require. The page's `form-action` allows exactly `action`'s origin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferForm {
    /// Where the form is posted.
    pub action: String,
    /// The form's `target` (OCI's `~TARGET`, e.g. `_top`), if the procurement system asked.
    pub target: Option<String>,
    /// The fields, in order.
    pub fields: Vec<FormField>,
    /// What was transferred: the configured product's quote number on the desk.
    pub quote_number: String,
}

/// A `From`/`Sender` credential that names a buyer organisation (`<Credential domain="NetworkID">
/// <Identity>AN01000000001</Identity>`). Domains and identities compare case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// The credential's domain (`NetworkID`, `DUNS`, …).
    pub domain: String,
    /// The identity in that domain.
    pub identity: String,
}

/// A buyer organisation's PunchOut settings as admins see them (`GET
/// /api/procurement/organisations`). The shared secret is never shown again once set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    /// Database id.
    pub id: i64,
    /// Its name (the PunchOut banner shows it).
    pub name: String,
    /// The customer account it buys for (price book, tier, currency, language).
    pub account: i64,
    /// That account's name.
    pub account_name: String,
    /// The desk user who owns the quotes its PunchOut carts make (and so their orders).
    pub owner: i64,
    /// That user's name.
    pub owner_name: String,
    /// The credentials that name it in `From` and `Sender`.
    pub identities: Vec<Identity>,
    /// The origins (`https://host[:port]`) its `BrowserFormPost` and `HOOK_URL` may point to.
    pub form_post_origins: Vec<String>,
    /// Where confirmations and ship notices are posted (its cXML order-response URL), if any.
    pub order_url: Option<String>,
    /// The OCI user name (`USERNAME`) its SAP system sends, if it uses OCI.
    pub oci_username: Option<String>,
    /// Whether a configured product's bill of materials goes into the cart as sub-items.
    pub sub_items: bool,
    /// When its shared secret was last set (UTC seconds).
    pub secret_set_at: i64,
    /// Whether the secret we send in our own documents' `Sender` (confirmations, ship notices)
    /// is set; it is never shown again.
    pub outbound_secret_set: bool,
    /// Whether it is disabled (every document from it is refused with 401).
    pub disabled: bool,
}

/// `GET /api/procurement/organisations`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisations {
    /// By name.
    pub organisations: Vec<Organisation>,
}

/// `POST /api/procurement/organisations` and `PUT /api/procurement/organisations/{id}`: the
/// settings an admin enters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganisationInput {
    /// Name.
    pub name: String,
    /// Customer account id.
    pub account: i64,
    /// The owning desk user's id (a rep, manager, director or admin).
    pub owner: i64,
    /// At least one credential; none may name another organisation.
    pub identities: Vec<Identity>,
    /// Origins (`https://host[:port]`, no path).
    pub form_post_origins: Vec<String>,
    /// The order-response URL (`https://…`), if any.
    pub order_url: Option<String>,
    /// OCI user name, if any (unique).
    pub oci_username: Option<String>,
    /// Bill of materials as sub-items.
    pub sub_items: bool,
    /// The shared secret the organisation's order-response URL expects from us (`None` keeps
    /// the one set; an empty text clears it).
    #[serde(default)]
    pub outbound_secret: Option<String>,
    /// Disabled.
    pub disabled: bool,
}

/// The answer to creating an organisation or rotating its secret: the new shared secret,
/// shown this once (the desk keeps only its argon2id hash). The old one stops working at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSecret {
    /// The organisation.
    pub organisation: Organisation,
    /// The shared secret (cXML `SharedSecret`, OCI `PASSWORD`).
    pub shared_secret: String,
}

/// Which way a cXML or OCI document went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Received from a procurement system.
    In,
    /// Sent to one (a cart through the browser, a confirmation, a ship notice).
    Out,
}

/// One document of the log (`GET /api/procurement/documents`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    /// Log id.
    pub id: i64,
    /// When it was received or written (UTC seconds).
    pub at: i64,
    /// In or out.
    pub direction: Direction,
    /// `PunchOutSetupRequest`, `OrderRequest`, `PunchOutOrderMessage`, `ConfirmationRequest`,
    /// `ShipNoticeRequest`, `OCI setup`, `OCI cart`, …
    pub kind: String,
    /// The organisation, when the document named one that exists.
    pub organisation: Option<i64>,
    /// Its name.
    pub organisation_name: Option<String>,
    /// The cXML `payloadID` (empty for OCI).
    pub payload_id: String,
    /// The cXML status code answered (in) or received (out; `None` while not delivered).
    pub status_code: Option<u16>,
    /// The status text (the reason of a refusal, the last delivery error).
    pub status_text: String,
    /// The order it made or is about.
    pub order_number: Option<String>,
    /// Delivery attempts (out).
    pub attempts: i64,
    /// When it was delivered (out; UTC seconds).
    pub delivered_at: Option<i64>,
    /// The next attempt (out, not yet delivered; UTC seconds).
    pub next_attempt: Option<i64>,
}

/// `GET /api/procurement/documents?organisation=&direction=&limit=`: newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Documents {
    /// The documents.
    pub documents: Vec<Document>,
}

/// `GET /api/procurement/documents/{id}`: one document with its text (secrets replaced by
/// `***`) and the answer to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentText {
    /// The log entry.
    pub document: Document,
    /// The document as received or sent.
    pub body: String,
    /// The answer received or sent, if any.
    pub answer: Option<String>,
}

/// `POST /api/procurement/organisations/{id}/test`: an admin checks an organisation's settings
/// with the setup request its procurement system would send (its first identity, the secret
/// the admin types, a `BrowserFormPost` URL on one of its origins). Nothing is left behind but
/// the log entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TestSetup {
    /// The shared secret as the procurement admin entered it.
    pub shared_secret: String,
    /// The `BrowserFormPost` URL to name.
    pub form_post_url: String,
}

/// The answer to [`TestSetup`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestSetupResult {
    /// The cXML status code of the answer (200 when the settings work).
    pub status_code: u16,
    /// Its text.
    pub status_text: String,
    /// The start page's URL when it worked (one-time; it expires unused).
    pub start_page: Option<String>,
    /// The request sent.
    pub request: String,
    /// The answer.
    pub response: String,
}
