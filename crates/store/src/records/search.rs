//! Full-text search over thread titles and message bodies: FTS5 on SQLite, `tsvector` on
//! PostgreSQL, side by side. Only channels the searcher may see are searched.

use crate::{Conn, Sql, StoreError};

/// Marks the start of a highlighted match in a snippet. Control characters cannot occur in
/// stored text a user typed into a form, so the presentation layer can escape the snippet and
/// then turn these into markup safely.
pub const HIGHLIGHT_START: char = '\u{2}';
/// Marks the end of a highlighted match.
pub const HIGHLIGHT_END: char = '\u{3}';

/// One search result: a thread (by title) or a message (by body).
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct SearchHit {
    /// `"thread"` or `"message"`.
    pub kind: String,
    pub thread_id: String,
    pub message_id: Option<String>,
    pub channel_id: String,
    pub title: String,
    pub snippet: String,
    /// Higher is better, comparable within one search.
    pub score: f64,
    pub created_at: i64,
}

/// Who is searching, to restrict results to channels they may see.
#[derive(Debug, Clone, Copy)]
pub struct Searcher<'a> {
    pub workspace_id: &'a str,
    pub member_id: &'a str,
    pub guest: bool,
}

/// The channels visible to the searcher ($2 workspace, $3 member, $4 guest): the same rule as
/// `channels::visible_to`.
const VISIBLE_CHANNELS: &str = "SELECT id FROM channels WHERE workspace_id = $2 AND ( \
     id IN (SELECT channel_id FROM channel_members WHERE member_id = $3) \
     OR (private = FALSE AND $4 = FALSE))";

/// How many of the newest visible matches are ranked. Ranking (bm25 / ts_rank) and snippets
/// cost per match, so a common word in a large workspace would otherwise rank hundreds of
/// thousands of rows and hold a reader for seconds; in a team's chat the newest matches are
/// also the likeliest wanted.
pub const RANKED_CANDIDATES: i64 = 2_000;

/// Searches titles and bodies, best first, among the newest [`RANKED_CANDIDATES`] matches of
/// each.
pub async fn search(
    c: &mut Conn<'_>,
    searcher: Searcher<'_>,
    query: &str,
    limit: i64,
) -> Result<Vec<SearchHit>, StoreError> {
    // PostgreSQL refuses NUL in text and no one searches for control characters: drop them.
    let cleaned: String = query
        .chars()
        .map(|ch| if ch.is_control() { ' ' } else { ch })
        .collect();
    let query = cleaned.as_str();
    let mut hits = match c {
        Conn::Sqlite(_) => {
            let Some(fts_query) = fts5_query(query) else {
                return Ok(Vec::new());
            };
            // The lowest rowid among the newest visible matches: FTS5 walks its index in
            // rowid order, so this stops after RANKED_CANDIDATES rows, and the ranked query
            // below seeks straight to that range.
            let newest_threads = "SELECT COALESCE(MIN(r), 0) FROM (SELECT f.rowid AS r \
                 FROM threads_fts f JOIN threads t ON t.rowid = f.rowid \
                 WHERE threads_fts MATCH $1 AND t.channel_id IN ({VISIBLE_CHANNELS}) \
                 ORDER BY f.rowid DESC LIMIT $6)"
                .replace("{VISIBLE_CHANNELS}", VISIBLE_CHANNELS);
            let newest_messages = "SELECT COALESCE(MIN(r), 0) FROM (SELECT f.rowid AS r \
                 FROM messages_fts f JOIN messages m ON m.rowid = f.rowid \
                 JOIN threads t ON t.id = m.thread_id \
                 WHERE messages_fts MATCH $1 AND t.channel_id IN ({VISIBLE_CHANNELS}) \
                 ORDER BY f.rowid DESC LIMIT $6)"
                .replace("{VISIBLE_CHANNELS}", VISIBLE_CHANNELS);
            let threads = format!(
                "SELECT 'thread' AS kind, t.id AS thread_id, NULL AS message_id, t.channel_id, \
                 t.title, snippet(threads_fts, 0, char(2), char(3), '…', 16) AS snippet, \
                 -bm25(threads_fts) AS score, t.created_at \
                 FROM threads_fts JOIN threads t ON t.rowid = threads_fts.rowid \
                 WHERE threads_fts MATCH $1 AND t.channel_id IN ({VISIBLE_CHANNELS}) \
                 AND threads_fts.rowid >= ({newest_threads}) \
                 ORDER BY bm25(threads_fts) LIMIT $5"
            );
            let messages = format!(
                "SELECT 'message' AS kind, m.thread_id, m.id AS message_id, t.channel_id, \
                 t.title, snippet(messages_fts, 0, char(2), char(3), '…', 24) AS snippet, \
                 -bm25(messages_fts) AS score, m.created_at \
                 FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid \
                 JOIN threads t ON t.id = m.thread_id \
                 WHERE messages_fts MATCH $1 AND t.channel_id IN ({VISIBLE_CHANNELS}) \
                 AND messages_fts.rowid >= ({newest_messages}) \
                 ORDER BY bm25(messages_fts) LIMIT $5"
            );
            run_both(c, &threads, &messages, &fts_query, searcher, limit).await?
        }
        Conn::Postgres(_) => {
            let threads = format!(
                "SELECT 'thread' AS kind, t.id AS thread_id, NULL AS message_id, t.channel_id, \
                 t.title, ts_headline('english', t.title, q, \
                   'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', HighlightAll=true') \
                   AS snippet, ts_rank(tt.title_tsv, q)::float8 AS score, t.created_at \
                 FROM threads t JOIN thread_titles tt ON tt.thread_id = t.id, \
                 websearch_to_tsquery('english', $1) q \
                 WHERE t.id IN (SELECT c.thread_id FROM thread_titles c \
                   WHERE c.title_tsv @@ websearch_to_tsquery('english', $1) \
                   AND c.channel_id IN ({VISIBLE_CHANNELS}) \
                   ORDER BY c.created_at DESC LIMIT $6) \
                 ORDER BY score DESC LIMIT $5"
            );
            let messages = format!(
                "SELECT 'message' AS kind, m.thread_id, m.id AS message_id, t.channel_id, \
                 t.title, ts_headline('english', m.body, q, \
                   'StartSel=' || chr(2) || ', StopSel=' || chr(3) || \
                   ', MaxWords=30, MinWords=12, FragmentDelimiter=…') AS snippet, \
                 ts_rank(m.body_tsv, q)::float8 AS score, m.created_at \
                 FROM messages m JOIN threads t ON t.id = m.thread_id, \
                 websearch_to_tsquery('english', $1) q \
                 WHERE m.id IN (SELECT c.id FROM messages c JOIN threads ct ON ct.id = c.thread_id \
                   WHERE c.body_tsv @@ websearch_to_tsquery('english', $1) \
                   AND ct.channel_id IN ({VISIBLE_CHANNELS}) \
                   ORDER BY c.created_at DESC LIMIT $6) \
                 ORDER BY score DESC LIMIT $5"
            );
            run_both(c, &threads, &messages, query, searcher, limit).await?
        }
    };
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.created_at.cmp(&a.created_at))
    });
    hits.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(hits)
}

async fn run_both(
    c: &mut Conn<'_>,
    threads_sql: &str,
    messages_sql: &str,
    query: &str,
    s: Searcher<'_>,
    limit: i64,
) -> Result<Vec<SearchHit>, StoreError> {
    let mut hits = Vec::new();
    for sql in [threads_sql, messages_sql] {
        let rows: Vec<SearchHit> = Sql::new(sql)
            .bind(query)
            .bind(s.workspace_id)
            .bind(s.member_id)
            .bind(s.guest)
            .bind(limit)
            .bind(RANKED_CANDIDATES)
            .fetch_all(c)
            .await?;
        hits.extend(rows);
    }
    Ok(hits)
}

/// Turns what a person typed into a safe FTS5 query: every word quoted (so operators and
/// punctuation in the input are plain text), all required, the last one also as a prefix so
/// results appear while typing. `None` when nothing searchable is left.
fn fts5_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|ch: char| !ch.is_alphanumeric() && ch != '_')
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(last);
    query.push('*');
    Some(query)
}

#[cfg(test)]
mod tests {
    use super::fts5_query;

    #[test]
    fn typed_text_becomes_a_quoted_fts5_query() {
        let cases = [
            ("deploy plan", Some("\"deploy\" \"plan\"*")),
            (
                "NEAR(a b) OR \"x",
                Some("\"NEAR\" \"a\" \"b\" \"OR\" \"x\"*"),
            ),
            ("  ", None),
            ("*:^", None),
            ("café", Some("\"café\"*")),
        ];
        for (input, expected) in cases {
            assert_eq!(fts5_query(input).as_deref(), expected, "{input}");
        }
    }
}
