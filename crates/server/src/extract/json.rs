//! `ApiJson<T>`: a JSON body whose errors name the field (`request.kind`), via
//! serde_path_to_error, and whose oversize bodies answer 413.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};

use crate::error::ApiError;

/// A JSON request body of type `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"));
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::too_large()
                } else {
                    ApiError::invalid("body", "the request body could not be read")
                }
            })?;
        if !is_json {
            return Err(ApiError::invalid(
                "body",
                "send JSON with Content-Type: application/json",
            ));
        }
        parse(&bytes).map(ApiJson)
    }
}

/// Deserialises `bytes`, naming the field at fault.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let field = if path == "." || path.is_empty() {
            "body".to_owned()
        } else {
            path
        };
        let message = if inner.is_syntax() || inner.is_eof() {
            "malformed JSON".to_owned()
        } else {
            // serde's own words ("unknown variant `x`, expected one of …"), minus position noise.
            inner
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        let field = if inner.is_syntax() || inner.is_eof() {
            "body".to_owned()
        } else {
            field
        };
        ApiError::invalid(field, message)
    })
}
