//! The MUS server: REST API, authentication, storage and the SPA.
//!
//! `main.rs` is only the command line; everything it runs lives here so the
//! end-to-end tests can start the real server in-process.

pub mod access;
pub mod auth;
pub mod cli;
pub mod config;
pub mod error;
pub mod files;
pub mod openapi;
pub mod outbox;
mod routes;
pub mod security;
pub mod seed;
pub mod services;
pub mod spa;
pub mod startup;
pub mod state;
pub mod statements;
pub mod store;
pub mod telemetry;

pub use config::Config;
pub use startup::Application;
