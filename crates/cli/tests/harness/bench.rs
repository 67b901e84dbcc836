//! `sundial bench` against a server the test starts.
