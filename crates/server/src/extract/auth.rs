//! `Caller`: the member behind `Authorization: Bearer <token>`. Missing or dead tokens are 401.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use sundial_app::Actor;

use crate::ServerState;
use crate::error::ApiError;

/// The authenticated caller and the token they presented (for logout).
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub token: String,
}

impl FromRequestParts<ServerState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ServerState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::unauthenticated)?;
        let actor = state
            .app
            .authenticate(token)
            .await
            .map_err(|error| match error {
                sundial_app::AppError::Unauthenticated => ApiError::unauthenticated(),
                other => ApiError::from(other),
            })?;
        Ok(Caller {
            actor,
            token: token.to_owned(),
        })
    }
}
