//! The seeding and benchmark commands end to end: the real `sundial` binary against fresh
//! databases on both backends, checked through the store and the app.

mod bench;
mod seed_demo;
mod seed_load;
mod support;
