//! A digest of the whole world state each month: a stable hash (FNV-1a, 64 bits) over a
//! canonical encoding of serde's data model, so any serialisable state — resources, actor
//! components, RNG positions — hashes the same on every machine. Floats hash by their bits.
//!
//! The canonical form is a [`Tree`]: hashing it gives the digest, and walking it gives its
//! fields, each a path (`trade.vendors[2].units`) with a hash, which is how a replay locates a
//! divergence.
//!
//! `canonical.rs` is the generic part (the tree, the hash, the fields); `world_state.rs` the
//! simulator's list of what state exists.

mod canonical;
mod world_state;

pub use canonical::*;
pub use world_state::*;
