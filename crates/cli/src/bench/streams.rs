//! Event streams for the `fanout` and `reconnect` scenarios: finding where the log ends now,
//! and reading a stream's frames with a deadline on each chunk.

use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use futures::StreamExt;
use serde_json::{Value, json};

use super::client::{Api, text};
use super::sse::{Frame, FrameReader};

/// The longest a live stream may stay silent: the server sends a keep-alive every 15 s.
pub const SILENCE: Duration = Duration::from_secs(20);
/// How long finding the head of the log may take (it reads the whole log once).
const HEAD_LIMIT: Duration = Duration::from_secs(120);

/// An event as the scenarios need it: its id, and the message it announces, if any.
#[derive(Debug, Clone)]
pub struct Seen {
    pub id: i64,
    pub posted_message: Option<String>,
}

impl Seen {
    /// Reads a frame; an event without a numeric id is a protocol error.
    pub fn from_frame(frame: &Frame) -> anyhow::Result<Self> {
        let id = frame
            .id
            .as_deref()
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| anyhow!("an event without a numeric id: {frame:?}"))?;
        let posted_message = (frame.kind.as_deref() == Some("message.posted"))
            .then(|| serde_json::from_str::<Value>(&frame.data).ok())
            .flatten()
            .and_then(|event| {
                event
                    .pointer("/data/message_id")?
                    .as_str()
                    .map(str::to_owned)
            });
        Ok(Self { id, posted_message })
    }
}

/// A stream being read.
pub struct Reader {
    body: futures::stream::BoxStream<'static, reqwest::Result<Vec<u8>>>,
    frames: FrameReader,
}

impl Reader {
    pub fn new(response: reqwest::Response) -> Self {
        Self {
            // Chunks are copied out of `Bytes` to keep the `bytes` crate out of our dependencies.
            body: response
                .bytes_stream()
                .map(|chunk| chunk.map(|bytes| bytes.to_vec()))
                .boxed(),
            frames: FrameReader::default(),
        }
    }

    /// The events of the next chunk (perhaps none) and when the chunk arrived, taken before
    /// parsing; an error when the stream ends, fails or stays silent past [`SILENCE`].
    pub async fn next(&mut self) -> anyhow::Result<(Instant, Vec<Seen>)> {
        let chunk = tokio::time::timeout(SILENCE, self.body.next())
            .await
            .map_err(|_| anyhow!("the event stream was silent for {SILENCE:?}"))?
            .ok_or_else(|| anyhow!("the server ended the event stream"))?
            .context("reading the event stream")?;
        let arrived = Instant::now();
        let events = self
            .frames
            .push(&chunk)
            .iter()
            .map(Seen::from_frame)
            .collect::<anyhow::Result<_>>()?;
        Ok((arrived, events))
    }
}

/// Posts a marker reply in `thread` and reads the log from the start until it appears: its id
/// is where streams of this run start. (The API has no "latest event id" call: clients learn it
/// from the stream.)
pub async fn head(api: &Api, thread: &str) -> anyhow::Result<i64> {
    let marker = api
        .post(
            &format!("/api/v1/threads/{thread}/messages"),
            &json!({"body": "The benchmark starts here."}),
        )
        .await?;
    let marker = text(&marker, "/message_id")?;
    let find = async {
        let mut reader = Reader::new(api.events(0, None).await?);
        loop {
            let (_, events) = reader.next().await?;
            for seen in events {
                if seen.posted_message.as_deref() == Some(marker.as_str()) {
                    return Ok(seen.id);
                }
            }
        }
    };
    match tokio::time::timeout(HEAD_LIMIT, find).await {
        Ok(found) => found,
        Err(_) => bail!("the marker post did not reach the event stream within {HEAD_LIMIT:?}"),
    }
}
