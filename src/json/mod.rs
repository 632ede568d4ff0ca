//! JSON as the vendors really send it.
//!
//! - [`repair`]: fixes what strict JSON rejects but a vendor sends anyway (seed 000's `\专`).
//! - [`lenient`]: strict parse first, repair and retry only when that fails.
//! - [`de`]: field decoders for ids that are ints or strings, `null`-or-`[]`, numbers as strings.
//! - [`compact`]: raw objects kept compressed in memory, against a learned dictionary.
//! - [`tree`]: the detail view's model of a raw record, with JSON-inside-strings decoded.

pub mod compact;
pub mod de;
pub mod lenient;
pub mod repair;
pub mod tree;
