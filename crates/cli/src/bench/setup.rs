//! What the writing scenarios make before they start, over the API: a channel of their own
//! (named for the scenario and the time, so runs never collide) and threads in it.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;

use super::client::{Api, Me, text};

/// A new public channel for this run; answers its id.
pub async fn channel(api: &Api, scenario: &str) -> anyhow::Result<String> {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let created = api
        .post(
            "/api/v1/channels",
            &json!({
                "name": format!("bench-{scenario}-{millis}"),
                "purpose": format!("Made by `sundial bench {scenario}`"),
            }),
        )
        .await?;
    text(&created, "/id")
}

/// A new thread in `channel`; answers its id.
pub async fn thread(api: &Api, channel: &str, title: &str) -> anyhow::Result<String> {
    let created = api
        .post(
            &format!("/api/v1/channels/{channel}/threads"),
            &json!({"title": title, "body": "Posted by the benchmark."}),
        )
        .await?;
    text(&created, "/thread/id")
}

/// Members (other than the bench's) whose time zone differs from the bench member's.
pub async fn members_in_other_zones(api: &Api, me: &Me) -> anyhow::Result<Vec<String>> {
    let members = api.get("/api/v1/members").await?;
    Ok(members["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["id"].as_str() != Some(me.id.as_str()))
        .filter(|m| m["time_zone"].as_str() != Some(me.time_zone.as_str()))
        .filter(|m| m["role"].as_str() != Some("guest"))
        .filter_map(|m| m["id"].as_str().map(str::to_owned))
        .collect())
}
