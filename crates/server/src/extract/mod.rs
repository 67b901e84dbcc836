//! Extractors whose rejections speak our error shape: JSON bodies and query strings that name
//! the offending field, and the bearer-token caller.

mod auth;
mod json;
mod query;

pub use auth::Caller;
pub use json::ApiJson;
pub use query::ApiQuery;
