//! Integration tests of the users service through the real router: flows, tenant
//! isolation, token checks, bad input and the Lambda entry.

mod bad_input;
mod flows;
mod helpers;
mod isolation;
mod lambda;
mod tokens;
