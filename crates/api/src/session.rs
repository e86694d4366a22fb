//! Who is signed in, what the desk is, and the catalogs it prices with (`/api/desk`,
//! `/api/session`, `/api/catalogs`).

use serde::{Deserialize, Serialize};

/// A desk user's role: a closed set, written in lower case (`rep`, `manager`, `director`,
/// `admin`, `orderdesk`) on the wire and in the database. The first four are the approval
/// ladder, lowest first; the order desk is outside it (it fulfils orders: confirms, ships,
/// delivers; it never prices, quotes or approves).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Builds and sends quotes.
    Rep,
    /// Approves the team's deep discounts; sees the team's quotes.
    Manager,
    /// Approves discounts above a manager's limit, in every team; sees every quote.
    Director,
    /// Manages users; reads every quote.
    Admin,
    /// Fulfilment: sees every order, confirms, ships and delivers them; sees no quote.
    #[serde(rename = "orderdesk")]
    OrderDesk,
}

impl Role {
    /// Every role: the approval ladder lowest first, then the order desk.
    pub const ALL: [Role; 5] = [
        Role::Rep,
        Role::Manager,
        Role::Director,
        Role::Admin,
        Role::OrderDesk,
    ];

    /// As stored and written: `rep`, `manager`, `director`, `admin`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Rep => "rep",
            Role::Manager => "manager",
            Role::Director => "director",
            Role::Admin => "admin",
            Role::OrderDesk => "orderdesk",
        }
    }

    /// The role named `name`.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// The database the desk keeps its data in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Database {
    /// One SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// `GET /api/desk`: what this server is (the app asks to know whether a quote desk serves it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeskInfo {
    /// Always `configurator-quote-desk`.
    pub service: String,
    /// The API's version (1).
    pub api: u32,
    /// Its database.
    pub database: Database,
}

/// The signed-in user as the pages know them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionUser {
    /// Database id.
    pub id: i64,
    /// Sign-in name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Team (a manager sees the quotes of their team).
    pub team: String,
}

/// `GET /api/session` and `POST /api/session`: who is signed in, and the CSRF token every
/// state-changing call sends (`{"user": null}` when nobody is: not an error).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// The user, if signed in.
    pub user: Option<SessionUser>,
    /// The session's CSRF token (the `x-csrf-token` header), if signed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csrf: Option<String>,
}

/// `POST /api/session`: signing in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    /// Sign-in name.
    pub name: String,
    /// Password.
    pub password: String,
}

/// One catalog version the desk prices with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogEntry {
    /// The product line's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The version.
    pub version: String,
    /// The content hash naming that version.
    pub hash: String,
}

/// `GET /api/catalogs`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogList {
    /// Every catalog version loaded.
    pub catalogs: Vec<CatalogEntry>,
}
