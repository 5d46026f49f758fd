//! Black-box tests of the Warren runtime through its library API and the
//! `warren` CLI, using plugins built once by the host's build script.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

mod auth;
mod cli;
mod durability;
mod front_door;
mod hibernation;
mod isolation;
mod limits;
mod loading;
mod outbound;
mod sentry;
mod swap;
