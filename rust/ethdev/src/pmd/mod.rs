//! Soft PMDs and the mbuf access they need.

pub mod mbuf;
pub mod null;
pub mod ring;
