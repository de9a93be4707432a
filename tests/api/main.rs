//! End-to-end API tests: each test starts the real server on a random port
//! over its own fresh database, on SQLite and (when configured) PostgreSQL.

mod helpers;
mod identity_provider;
mod mailbox;

mod access;
mod audit;
mod auth;
mod cluster;
mod crash;
mod dashboards;
mod errors;
mod follow_up;
mod groups;
mod identity;
mod lifecycle;
mod logs;
mod meeting;
mod notifications;
mod oidc;
mod openapi;
mod people;
mod powers;
mod preparations;
mod races;
mod retention;
mod rounds;
mod rules;
mod scim;
mod seed;
mod serving;
mod shutdown;
mod templates;
mod throttling;
mod tokens;
mod webhooks;
