//! Held reminders that no longer apply: when an obligation closes (done, declined, waived, or
//! answered by a reply) before its recipient's next delivery, the held "new ask", "coming due"
//! and "overdue" notifications about it are withdrawn in the same transaction, so nobody is
//! nudged at their check time about something already settled.

use sundial_store::Conn;
use sundial_store::records::notifications;
use sundial_store::records::requests::ObligationRow;

use crate::AppResult;

/// Withdraws the recipient's held action notifications for `row` if it is closed.
pub(crate) async fn withdraw_if_closed(c: &mut Conn<'_>, row: &ObligationRow) -> AppResult<()> {
    if matches!(row.status.as_str(), "pending" | "acknowledged") {
        return Ok(());
    }
    notifications::withdraw_for_request(c, &row.member_id, &row.request_id).await?;
    Ok(())
}
