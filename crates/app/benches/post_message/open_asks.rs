//! The open asks of the inbox scenario, added after the history: asks made of the inbox's
//! member that are still pending or acknowledged (its "needs me"), and asks it made of others
//! that are still open (its "waiting on"), hung on recent messages of the loaded history.

use jiff::Timestamp;
use rand::Rng;
use rand::SeedableRng;
use rand::rngs::StdRng;
use sundial_core::RequestId;
use sundial_store::bulk::{self, Batch};
use sundial_store::records::requests::{ObligationRow, RequestRow};
use sundial_store::time::to_millis;

use crate::BenchResult;
use crate::bulk::Candidate;
use crate::fixture::Team;

/// Open asks on sampled messages: `of_me` asks made of member `me` (pending or acknowledged,
/// due from three days ago to ten days ahead), and `by_me` asks `me` made of others. The most
/// recent candidates are used first.
pub async fn add(
    team: &Team,
    me: usize,
    candidates: &[Candidate],
    (of_me, by_me): (usize, usize),
) -> BenchResult<()> {
    let store = team.app.store().clone();
    let workspace_id = team.members[0].workspace_id.to_string();
    let member_ids: Vec<String> = team
        .members
        .iter()
        .map(|m| m.member_id.to_string())
        .collect();
    let now = to_millis(Timestamp::now());
    let day = 24 * 3_600_000;
    let mut rng = StdRng::seed_from_u64(43);
    let mut batch = Batch::default();
    let (mut asked_of_me, mut asked_by_me) = (0, 0);
    for candidate in candidates.iter().rev() {
        let recipients = if candidate.author != me && asked_of_me < of_me {
            asked_of_me += 1;
            vec![me]
        } else if candidate.author == me && asked_by_me < by_me {
            asked_by_me += 1;
            distinct_others(&mut rng, me, member_ids.len())
        } else {
            continue;
        };
        let request_id = RequestId::generate().to_string();
        let obligations: Vec<ObligationRow> = recipients
            .iter()
            .map(|&member| {
                let due_at = now + rng.gen_range(-3 * day..10 * day);
                let status = if rng.gen_ratio(1, 5) {
                    "acknowledged"
                } else {
                    "pending"
                };
                batch
                    .follows
                    .push((candidate.thread_id.clone(), member_ids[member].clone(), now));
                ObligationRow {
                    request_id: request_id.clone(),
                    member_id: member_ids[member].clone(),
                    status: status.to_owned(),
                    due_at,
                    original_due_at: due_at,
                    updated_at: candidate.created_at,
                }
            })
            .collect();
        let request = RequestRow {
            id: request_id,
            workspace_id: workspace_id.clone(),
            message_id: candidate.message_id.clone(),
            thread_id: candidate.thread_id.clone(),
            requester_id: member_ids[candidate.author].clone(),
            kind: ["ack", "reply", "review", "decision"][rng.gen_range(0..4)].to_owned(),
            urgency: ["low", "normal", "high"][rng.gen_range(0..3)].to_owned(),
            explicit_due_at: None,
            created_at: candidate.created_at,
        };
        batch.requests.push(request);
        batch.obligations.extend(obligations);
        if asked_of_me == of_me && asked_by_me == by_me {
            break;
        }
    }
    if asked_of_me < of_me {
        return Err(
            format!("only {asked_of_me} of {of_me} open asks fit the loaded history").into(),
        );
    }
    bulk::write(&store, batch).await?;
    Ok(())
}

/// One or two members other than `author`.
fn distinct_others(rng: &mut StdRng, author: usize, members: usize) -> Vec<usize> {
    let mut chosen = Vec::with_capacity(2);
    let wanted = if rng.gen_bool(0.3) { 2 } else { 1 };
    while chosen.len() < wanted.min(members.saturating_sub(1)) {
        let member = rng.gen_range(0..members);
        if member != author && !chosen.contains(&member) {
            chosen.push(member);
        }
    }
    chosen
}
