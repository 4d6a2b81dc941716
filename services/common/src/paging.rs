//! Cursor paging of list endpoints: a bounded `limit` and an opaque `cursor`.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::store::{Cursor, Page};

/// The most items a list answers at once.
pub const MAX_LIMIT: u32 = 100;

/// The items a list answers when no limit is given.
pub const DEFAULT_LIMIT: u32 = 25;

/// The paging parameters of a list request.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// At most this many items, 1 to 100; 25 when absent.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageParams {
    /// The validated limit.
    pub fn limit(&self) -> Result<u32, ApiError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
            Some(_) => Err(ApiError::validation("limit", format!("limit must be between 1 and {MAX_LIMIT}"))),
        }
    }

    /// The decoded cursor, if any.
    pub fn cursor(&self) -> Result<Option<Cursor>, ApiError> {
        self.cursor.as_deref().map(Cursor::decode).transpose().map_err(ApiError::from)
    }
}

/// Which end of a list by time comes first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// The first added first.
    #[default]
    Oldest,
    /// The most recently added first.
    Newest,
}

/// The paging parameters of a list that runs in the order items were added (their ids are
/// time-ordered).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AddedParams {
    /// At most this many items, 1 to 100; 25 when absent.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// `newest` for the most recently added first; `oldest` (the default) for the first.
    #[param(inline)]
    pub order: Option<Order>,
}

impl AddedParams {
    /// The paging part.
    pub fn page(&self) -> PageParams {
        PageParams { limit: self.limit, cursor: self.cursor.clone() }
    }

    /// `query` in the order asked for.
    pub fn ordered(&self, query: crate::store::Query) -> crate::store::Query {
        if self.order == Some(Order::Newest) { query.backward() } else { query }
    }
}

/// A page of a list answer.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ListResponse<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub next_cursor: Option<String>,
}

impl<T> ListResponse<T> {
    /// Maps a store page to a list answer; an item that does not map fails the whole page
    /// (a 500 naming the item in the log), rather than going missing from it.
    pub fn from_page<I>(page: Page<I>, map: impl FnMut(I) -> Result<T, ApiError>) -> Result<Self, ApiError> {
        let items = page.items.into_iter().map(map).collect::<Result<_, _>>()?;
        Ok(Self { items, next_cursor: page.cursor.map(|c| c.encode()) })
    }
}
