//! Extractors whose rejections speak our error shape: JSON bodies, query strings and path
//! parameters that name the offending field, and the bearer-token caller.

mod auth;
mod json;
mod path;
mod query;

pub use auth::Caller;
pub use json::ApiJson;
pub use path::ApiPath;
pub use query::ApiQuery;
