//! The musicctl command-line tool.
fn main() {}
