//! Signing in and out, and turning a presented token into an [`Actor`].

use serde::Serialize;
use sundial_core::{Email, MemberId, Role, WorkspaceId};
use sundial_store::records::{members, tokens};
use sundial_store::time::to_millis;

use super::secrets::{hash_password, hash_token, new_token, verify_password};
use crate::views::MemberView;
use crate::{Actor, App, AppError, AppResult};

/// A real hash of a throwaway password, checked when the email is unknown so that an unknown
/// email takes as long as a wrong password and the two cannot be told apart.
static DECOY_HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

async fn decoy_hash() -> String {
    DECOY_HASH
        .get_or_init(|| async {
            hash_password("decoy password for unknown emails".to_owned())
                .await
                .unwrap_or_default()
        })
        .await
        .clone()
}

/// What a successful sign-in returns; the token is shown this once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LoginResult {
    pub token: String,
    pub member: MemberView,
}

/// How long a web session lasts after signing in.
pub const SESSION_DAYS: i64 = 30;

const MILLIS_PER_DAY: i64 = 24 * 60 * 60 * 1000;

/// What a token is for: API tokens live until revoked, web sessions expire.
#[derive(Debug, Clone, Copy)]
enum TokenKind {
    Api,
    Session,
}

impl TokenKind {
    fn as_str(self) -> &'static str {
        match self {
            TokenKind::Api => "api",
            TokenKind::Session => "session",
        }
    }

    /// Days until the token expires, if it does.
    fn lifetime(self) -> Option<i64> {
        match self {
            TokenKind::Api => None,
            TokenKind::Session => Some(SESSION_DAYS),
        }
    }
}

impl App {
    /// Signs in with email and password. A wrong password and an unknown email get the same
    /// answer, `Unauthenticated`.
    pub async fn login(&self, email: &str, password: &str) -> AppResult<LoginResult> {
        self.sign_in(email, password, TokenKind::Api).await
    }

    /// Signs in from a browser: like [`App::login`], but the token is a web session that
    /// expires after [`SESSION_DAYS`] days, so a forgotten cookie does not live for ever.
    pub async fn login_session(&self, email: &str, password: &str) -> AppResult<LoginResult> {
        self.sign_in(email, password, TokenKind::Session).await
    }

    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        kind: TokenKind,
    ) -> AppResult<LoginResult> {
        let email = Email::parse(email).map_err(|_| AppError::Unauthenticated)?;
        let found = {
            let mut reader = self.store().read().await?;
            members::find_by_email(&mut reader.conn(), email.as_str()).await?
        };
        let Some((row, hash)) = found else {
            verify_password(password.to_owned(), decoy_hash().await).await;
            return Err(AppError::Unauthenticated);
        };
        if !verify_password(password.to_owned(), hash).await {
            return Err(AppError::Unauthenticated);
        }
        let now = self.now();
        let (token, token_hash) = new_token();
        let member_id = row.id.clone();
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    tokens::insert(
                        &mut tx.conn(),
                        &token_hash,
                        &member_id,
                        kind.as_str(),
                        to_millis(now),
                        kind.lifetime()
                            .map(|days| to_millis(now) + days * MILLIS_PER_DAY),
                    )
                    .await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        let actor = actor_of(&row.id, &row.workspace_id, &row.role)?;
        Ok(LoginResult {
            token,
            member: self.me(&actor).await?,
        })
    }

    /// The member a token belongs to, if it is live.
    pub async fn authenticate(&self, token: &str) -> AppResult<Actor> {
        let hash = hash_token(token);
        let owner = self
            .store()
            .token_owner(&hash, to_millis(self.now()))
            .await?;
        let owner = owner.ok_or(AppError::Unauthenticated)?;
        actor_of(&owner.member_id, &owner.workspace_id, &owner.role)
    }

    /// Revokes a token. Later requests with it are unauthenticated.
    pub async fn logout(&self, token: &str) -> AppResult<()> {
        let hash = hash_token(token);
        let now = self.now();
        self.store()
            .write(move |tx| {
                Box::pin(async move {
                    tokens::revoke(&mut tx.conn(), &hash, to_millis(now)).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await
    }
}

fn actor_of(member_id: &str, workspace_id: &str, role: &str) -> AppResult<Actor> {
    Ok(Actor {
        member_id: MemberId::from_string(member_id),
        workspace_id: WorkspaceId::from_string(workspace_id),
        role: Role::parse(role)?,
    })
}
