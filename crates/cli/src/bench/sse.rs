//! Reading a `text/event-stream` body: splitting it into frames and reading each frame's
//! `id:`, `event:` and `data:` fields, as the WHATWG event-stream format defines them.

/// One event of the stream (comments and keep-alives are not events).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub id: Option<String>,
    pub kind: Option<String>,
    pub data: String,
}

/// Accumulates chunks and hands out complete frames.
#[derive(Debug, Default)]
pub struct FrameReader {
    buffer: Vec<u8>,
}

impl FrameReader {
    /// Adds a chunk; returns the frames it completed (keep-alive comments are dropped).
    pub fn push(&mut self, chunk: &[u8]) -> Vec<Frame> {
        self.buffer.extend_from_slice(chunk);
        let mut frames = Vec::new();
        while let Some((end, blank)) = frame_end(&self.buffer) {
            let text = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
            self.buffer.drain(..end + blank);
            if let Some(frame) = parse(&text) {
                frames.push(frame);
            }
        }
        frames
    }
}

/// Where the first frame in `buffer` ends, and the length of the blank line ending it.
fn frame_end(buffer: &[u8]) -> Option<(usize, usize)> {
    let lf = buffer.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2));
    let crlf = buffer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4));
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The fields of one frame; `None` for a frame of comments only.
fn parse(text: &str) -> Option<Frame> {
    let (mut id, mut kind, mut data) = (None, None, Vec::new());
    for line in text.lines() {
        if line.starts_with(':') {
            continue;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => id = Some(value.to_owned()),
            "event" => kind = Some(value.to_owned()),
            "data" => data.push(value),
            _ => {}
        }
    }
    if id.is_none() && kind.is_none() && data.is_empty() {
        return None;
    }
    Some(Frame {
        id,
        kind,
        data: data.join("\n"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_split_across_chunks_come_out_whole_and_comments_are_dropped() {
        let mut reader = FrameReader::default();
        assert!(
            reader
                .push(b":keep-alive\n\nid: 7\nevent: message.po")
                .is_empty()
        );
        let frames = reader.push(b"sted\ndata: {\"a\":1}\n\nid: 8\r\ndata: x\r\n\r\n");
        assert_eq!(
            frames,
            vec![
                Frame {
                    id: Some("7".into()),
                    kind: Some("message.posted".into()),
                    data: "{\"a\":1}".into(),
                },
                Frame {
                    id: Some("8".into()),
                    kind: None,
                    data: "x".into(),
                },
            ]
        );
    }
}
