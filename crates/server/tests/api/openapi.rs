//! The OpenAPI document at `/api/v1/openapi.json`: valid 3.1, listing every endpoint with its
//! security, every `$ref` resolving.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use sundial_store::testing::TestDatabase;

use crate::support::TestServer;

/// Every operation the API serves, as `(method, path template)`. Extend it as endpoints land.
const OPERATIONS: &[(&str, &str)] = &[
    // accounts
    ("post", "/api/v1/setup"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/me"),
    ("patch", "/api/v1/me"),
    ("post", "/api/v1/me/time-off"),
    // members and the workspace
    ("get", "/api/v1/members"),
    ("post", "/api/v1/members"),
    ("put", "/api/v1/workspace/holidays"),
    // channels
    ("get", "/api/v1/channels"),
    ("post", "/api/v1/channels"),
    ("get", "/api/v1/channels/{id}"),
    ("post", "/api/v1/channels/{id}/members"),
    ("delete", "/api/v1/channels/{id}/members/{member_id}"),
    // threads and messages
    ("get", "/api/v1/channels/{id}/threads"),
    ("post", "/api/v1/channels/{id}/threads"),
    ("get", "/api/v1/threads/{id}"),
    ("post", "/api/v1/threads/{id}/messages"),
    ("post", "/api/v1/threads/{id}/resolve"),
    ("post", "/api/v1/threads/{id}/reopen"),
    ("post", "/api/v1/threads/{id}/read"),
    ("patch", "/api/v1/messages/{id}"),
    ("post", "/api/v1/messages/{id}/reactions"),
    // requests
    ("post", "/api/v1/requests/{id}/ack"),
    ("post", "/api/v1/requests/{id}/done"),
    ("post", "/api/v1/requests/{id}/decline"),
    ("post", "/api/v1/requests/{id}/promise"),
    ("post", "/api/v1/requests/{id}/waive"),
    ("post", "/api/v1/requests/preview"),
    // inbox, search, live updates
    ("get", "/api/v1/inbox"),
    ("get", "/api/v1/search"),
    ("get", "/api/v1/events"),
];

/// The operations anyone may call without a token.
const PUBLIC: &[(&str, &str)] = &[("post", "/api/v1/setup"), ("post", "/api/v1/auth/login")];

async fn document(s: &TestServer) -> Value {
    let (status, doc) = s
        .call(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc.is_object(), "the document is JSON: {doc}");
    doc
}

/// The `security` scheme names an operation requires.
fn schemes(operation: &Value) -> Vec<String> {
    operation["security"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|requirement| requirement.keys().cloned())
        .collect()
}

/// Every `$ref` in `value`.
fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => found.push(target),
                    _ => refs(inner, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|inner| refs(inner, found)),
        _ => {}
    }
}

async fn the_document_is_openapi_3_1_listing_every_endpoint(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let doc = document(&s).await;
    let version = doc["openapi"].as_str().unwrap_or_default();
    assert!(version.starts_with("3.1"), "{version}");
    assert_eq!(doc["info"]["title"], "Sundial API");
    for (method, path) in OPERATIONS {
        let operation = &doc["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is documented");
        assert!(
            operation["responses"]
                .as_object()
                .is_some_and(|r| !r.is_empty()),
            "{method} {path} documents its responses"
        );
    }
    // Every listed path is under /api/v1 and every operation but setup and login needs a token.
    let paths = doc["paths"].as_object().expect("paths");
    for (path, item) in paths {
        assert!(path.starts_with("/api/v1/"), "{path}");
        for (method, operation) in item.as_object().expect("a path item") {
            if PUBLIC.contains(&(method.as_str(), path.as_str())) {
                assert!(schemes(operation).is_empty(), "{method} {path} is public");
            } else {
                assert!(
                    schemes(operation).iter().any(|s| s == "bearer"),
                    "{method} {path} declares the bearer scheme"
                );
            }
        }
    }
}

async fn the_document_declares_its_security_schemes_and_resolves_every_ref(db: TestDatabase) {
    let s = TestServer::start(db).await;
    let doc = document(&s).await;
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["type"], "http", "{schemes}");
    assert_eq!(schemes["bearer"]["scheme"], "bearer", "{schemes}");
    // The query token that only the event stream accepts (EventSource cannot set headers).
    assert_eq!(schemes["access_token"]["type"], "apiKey", "{schemes}");
    assert_eq!(schemes["access_token"]["in"], "query", "{schemes}");
    assert_eq!(schemes["access_token"]["name"], "access_token", "{schemes}");
    let events = &doc["paths"]["/api/v1/events"]["get"];
    assert!(
        events["responses"]["200"]["content"]["text/event-stream"].is_object(),
        "{events}"
    );
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());

    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for target in found {
        let pointer = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("a local $ref: {target}"));
        assert!(doc.pointer(pointer).is_some(), "{target} resolves");
    }
}

sundial_store::backend_tests!(
    the_document_is_openapi_3_1_listing_every_endpoint,
    the_document_declares_its_security_schemes_and_resolves_every_ref,
);
