//! A member's delivery inputs (status and preferences) read from their stored row, for the core
//! delivery policy (`sundial_core::delivery`).

use sundial_core::delivery::{DeliveryMode, DeliveryPreferences};
use sundial_core::{Emoji, Status, StatusMode};
use sundial_store::records::members::MemberRow;
use sundial_store::time::from_millis;

use crate::{AppError, AppResult};

/// The member's status as stored (an expired one still reads back; the policy ignores it).
pub(crate) fn status(row: &MemberRow) -> AppResult<Status> {
    let mode = StatusMode::parse(&row.status_mode)?;
    let emoji = row
        .status_emoji
        .as_deref()
        .and_then(|e| Emoji::parse(e).ok());
    Ok(Status::new(
        mode,
        row.status_text.as_deref(),
        emoji,
        row.status_until.map(from_millis),
    )?)
}

/// The member's delivery preferences as stored.
pub(crate) fn preferences(row: &MemberRow) -> AppResult<DeliveryPreferences> {
    let mode = DeliveryMode::parse(&row.delivery_mode)?;
    let texts: Vec<String> = serde_json::from_str(&row.check_times).map_err(|_| {
        AppError::Store(sundial_store::StoreError::Config(format!(
            "member {} has unreadable check times",
            row.id
        )))
    })?;
    let times = DeliveryPreferences::parse_check_times(&texts)?;
    Ok(DeliveryPreferences::new(mode, times, row.urgent_off_hours)?)
}
