//! Search over the threads and messages the searcher may see, best first, with snippets whose
//! matches are marked.

use jiff::Timestamp;
use serde::Serialize;
use sundial_store::records::search::{self, HIGHLIGHT_END, HIGHLIGHT_START, Searcher};
use sundial_store::time::from_millis;

use crate::{Actor, App, AppError, AppResult};

/// One result.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResult {
    /// `"thread"` (matched by title) or `"message"` (matched by body).
    pub kind: String,
    pub thread_id: String,
    pub message_id: Option<String>,
    pub channel_id: String,
    pub title: String,
    /// The matching text, HTML-escaped, with each match wrapped in `<mark>…</mark>`.
    pub snippet: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl App {
    /// Searches what the actor may see. Queries are plain words (no operator syntax).
    pub async fn search(
        &self,
        actor: &Actor,
        query: &str,
        limit: i64,
    ) -> AppResult<Vec<SearchResult>> {
        let query = query.trim();
        if query.is_empty() {
            return Err(AppError::invalid("q", "must not be empty"));
        }
        if query.chars().count() > 200 {
            return Err(AppError::invalid("q", "must be at most 200 characters"));
        }
        let mut reader = self.store().read().await?;
        let searcher = Searcher {
            workspace_id: actor.workspace_id.as_str(),
            member_id: actor.member_id.as_str(),
            guest: actor.is_guest(),
        };
        let hits = search::search(&mut reader.conn(), searcher, query, limit.clamp(1, 100)).await?;
        Ok(hits
            .into_iter()
            .map(|hit| SearchResult {
                snippet: highlight(&hit.snippet),
                kind: hit.kind,
                thread_id: hit.thread_id,
                message_id: hit.message_id,
                channel_id: hit.channel_id,
                title: hit.title,
                created_at: from_millis(hit.created_at),
            })
            .collect())
    }
}

/// Escapes the snippet for HTML, then turns the store's match markers into `<mark>` tags.
fn highlight(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len() + 16);
    for ch in snippet.chars() {
        match ch {
            HIGHLIGHT_START => out.push_str("<mark>"),
            HIGHLIGHT_END => out.push_str("</mark>"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::highlight;

    #[test]
    fn snippets_are_escaped_before_matches_are_marked() {
        assert_eq!(
            highlight("<b>\u{2}deploy\u{3}</b> & co"),
            "&lt;b&gt;<mark>deploy</mark>&lt;/b&gt; &amp; co"
        );
    }
}
