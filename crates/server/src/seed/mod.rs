//! Example data: the demo organisation for trying MUS out, and a large one
//! for measuring it.

mod demo;
mod large;

pub use demo::*;
pub use large::*;
