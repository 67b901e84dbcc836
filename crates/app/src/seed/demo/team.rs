//! Who is in the demo team and where they talk: twelve people in twelve time zones (one at
//! +05:30, two on either side of the date line), each with their own working week, and five
//! channels whose norms differ the way real teams' do.

/// The password every demo member signs in with; printed by `sundial seed demo`.
pub const PASSWORD: &str = "sundial-demo";
/// The domain of every demo email (`ana@demo.sundial.test`); `.test` never routes mail.
pub const EMAIL_DOMAIN: &str = "demo.sundial.test";
/// The demo workspace's name.
pub const WORKSPACE: &str = "Ledgerly";

/// One member of the demo team. The handle is the email's local part.
#[derive(Debug)]
pub struct Person {
    pub handle: &'static str,
    pub name: &'static str,
    pub zone: &'static str,
    /// Weekly hours in the API's JSON form.
    pub hours: &'static str,
    pub role: &'static str,
}

const WEEKDAYS_9_TO_5: &str = r#"{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]],"wed":[["09:00","17:00"]],"thu":[["09:00","17:00"]],"fri":[["09:00","17:00"]]}"#;

/// The team; the first is the owner.
pub const TEAM: [Person; 12] = [
    Person {
        handle: "ana",
        name: "Ana Lima",
        zone: "Europe/Lisbon",
        hours: WEEKDAYS_9_TO_5,
        role: "owner",
    },
    Person {
        handle: "ben",
        name: "Ben Carter",
        zone: "America/New_York",
        hours: r#"{"mon":[["08:30","16:30"]],"tue":[["08:30","16:30"]],"wed":[["08:30","16:30"]],"thu":[["08:30","16:30"]],"fri":[["08:30","16:30"]]}"#,
        role: "admin",
    },
    Person {
        handle: "chloe",
        name: "Chloé Martin",
        zone: "Europe/Paris",
        hours: r#"{"mon":[["09:30","12:30"],["14:00","18:00"]],"tue":[["09:30","12:30"],["14:00","18:00"]],"wed":[["09:30","12:30"],["14:00","18:00"]],"thu":[["09:30","12:30"],["14:00","18:00"]],"fri":[["09:30","12:30"],["14:00","18:00"]]}"#,
        role: "admin",
    },
    Person {
        handle: "priya",
        name: "Priya Raman",
        zone: "Asia/Kolkata",
        hours: r#"{"mon":[["10:00","18:30"]],"tue":[["10:00","18:30"]],"wed":[["10:00","18:30"]],"thu":[["10:00","18:30"]],"fri":[["10:00","18:30"]]}"#,
        role: "member",
    },
    Person {
        handle: "kenji",
        name: "Kenji Sato",
        zone: "Asia/Tokyo",
        hours: WEEKDAYS_9_TO_5,
        role: "member",
    },
    Person {
        handle: "mia",
        name: "Mia Thompson",
        zone: "Pacific/Auckland",
        hours: r#"{"mon":[["08:00","16:00"]],"tue":[["08:00","16:00"]],"wed":[["08:00","16:00"]],"thu":[["08:00","16:00"]],"fri":[["08:00","16:00"]]}"#,
        role: "member",
    },
    Person {
        handle: "diego",
        name: "Diego Fernández",
        zone: "America/Mexico_City",
        hours: WEEKDAYS_9_TO_5,
        role: "member",
    },
    Person {
        handle: "sam",
        name: "Sam Okafor",
        zone: "Africa/Lagos",
        hours: WEEKDAYS_9_TO_5,
        role: "member",
    },
    // The part-timer: four mornings a week.
    Person {
        handle: "leilani",
        name: "Leilani Kahale",
        zone: "Pacific/Honolulu",
        hours: r#"{"mon":[["09:00","13:00"]],"tue":[["09:00","13:00"]],"wed":[["09:00","13:00"]],"thu":[["09:00","13:00"]]}"#,
        role: "member",
    },
    // The split day: mornings, then evenings after school pick-up.
    Person {
        handle: "jonas",
        name: "Jonas Berg",
        zone: "Europe/Stockholm",
        hours: r#"{"mon":[["08:00","12:00"],["16:00","20:00"]],"tue":[["08:00","12:00"],["16:00","20:00"]],"wed":[["08:00","12:00"],["16:00","20:00"]],"thu":[["08:00","12:00"],["16:00","20:00"]],"fri":[["08:00","12:00"]]}"#,
        role: "member",
    },
    Person {
        handle: "grace",
        name: "Grace Liu",
        zone: "America/Los_Angeles",
        hours: WEEKDAYS_9_TO_5,
        role: "member",
    },
    // Sunday to Thursday: he serves customers in Saudi Arabia, whose working week it is.
    Person {
        handle: "omar",
        name: "Omar Haddad",
        zone: "Asia/Dubai",
        hours: r#"{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]],"wed":[["09:00","17:00"]],"thu":[["09:00","17:00"]],"sun":[["09:00","17:00"]]}"#,
        role: "member",
    },
];

/// A channel of the demo, with its norms override (JSON) and who is in it (`None`: everyone).
#[derive(Debug)]
pub struct Room {
    pub name: &'static str,
    pub purpose: &'static str,
    pub private: bool,
    pub norms: &'static str,
    pub members: Option<&'static [&'static str]>,
}

pub const CHANNELS: [Room; 5] = [
    Room {
        name: "general",
        purpose: "Company-wide news and questions. Nothing here needs an answer today.",
        private: false,
        norms: "{}",
        members: None,
    },
    Room {
        name: "engineering",
        purpose: "Building and running Ledgerly: proposals, reviews, deploys.",
        private: false,
        norms: r#"{"high":{"minutes":120,"clock":"working"}}"#,
        members: None,
    },
    Room {
        name: "design-review",
        purpose: "Work in progress for critique. Reviews take up to two working days.",
        private: false,
        norms: r#"{"normal":{"minutes":960,"clock":"working"},"low":{"minutes":2400,"clock":"working"}}"#,
        members: None,
    },
    Room {
        name: "incidents",
        purpose: "Customer-facing problems. Urgent asks here are expected: answer within 15 minutes.",
        private: false,
        norms: r#"{"urgent":{"minutes":15,"clock":"wall"},"high":{"minutes":60,"clock":"wall"}}"#,
        members: None,
    },
    Room {
        name: "leads",
        purpose: "Hiring, budgets and people matters for the leads.",
        private: true,
        norms: "{}",
        members: Some(&["ana", "ben", "chloe"]),
    },
];
