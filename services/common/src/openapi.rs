//! The merged OpenAPI 3.1 document of all services and the Swagger UI that shows it.
//!
//! Services describe their routes with `#[utoipa::path]`; this module adds what every
//! operation shares: the bearer-token scheme (required unless an operation opts out), the
//! error body, and the error answers any operation can give.

use axum::Router;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};
use utoipa::{PartialSchema as _, ToSchema as _};

use crate::error::{ErrorBody, ErrorDetail};

const SWAGGER_BUNDLE: &str = include_str!("../assets/swagger-ui/swagger-ui-bundle.js");
const SWAGGER_CSS: &str = include_str!("../assets/swagger-ui/swagger-ui.css");

/// The error answers documented on every operation, with what they mean.
const ERROR_ANSWERS: &[(&str, &str)] = &[
    ("400", "Malformed request: unreadable JSON, bad query string, bad cursor"),
    ("401", "Missing, malformed, expired or foreign token"),
    ("403", "The caller's role may not do this"),
    ("404", "Nothing with this id in the caller's tenant"),
    ("409", "Conflicts with the current state"),
    ("413", "The body is too large"),
    ("415", "The body is not JSON"),
    ("422", "A field is invalid; `field` names it"),
    ("429", "Too many attempts; `Retry-After` says when to try again"),
    ("500", "Internal error; the cause is in the server log"),
];

fn operations(api: &mut OpenApi) -> impl Iterator<Item = &mut Operation> {
    api.paths.paths.values_mut().flat_map(|item| {
        [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch, &mut item.head]
            .into_iter()
            .filter_map(Option::as_mut)
    })
}

/// Completes a merged document: title, security scheme, error schema and error answers.
pub fn finish(mut api: OpenApi) -> OpenApi {
    api.info.title = "musicctl".to_owned();
    api.info.description = Some(
        "Multi-tenant music streaming API. Log in with `POST /users/login` and send the token as \
         `Authorization: Bearer <token>`. The tenant of every request comes from its token."
            .to_owned(),
    );
    api.info.version = env!("CARGO_PKG_VERSION").to_owned();
    // The router's defaults name the generator's own author and license; these are ours.
    api.info.contact = None;
    api.info.license = Some(utoipa::openapi::License::new(env!("CARGO_PKG_LICENSE")));
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
    );
    components.schemas.insert(ErrorBody::name().into_owned(), ErrorBody::schema());
    components.schemas.insert(ErrorDetail::name().into_owned(), ErrorDetail::schema());
    api.security = Some(vec![SecurityRequirement::new("bearer", Vec::<String>::new())]);
    let error_ref = RefOr::Ref(Ref::from_schema_name(ErrorBody::name()));
    for operation in operations(&mut api) {
        for (status, description) in ERROR_ANSWERS {
            operation.responses.responses.entry((*status).to_owned()).or_insert_with(|| {
                RefOr::T(
                    ResponseBuilder::new()
                        .description(*description)
                        .content("application/json", ContentBuilder::new().schema(Some(error_ref.clone())).build())
                        .build(),
                )
            });
        }
    }
    api
}

/// `/openapi.json` and the Swagger UI at `/docs`.
pub fn routes<S: Clone + Send + Sync + 'static>(api: &OpenApi) -> Router<S> {
    let json = api.to_pretty_json().unwrap_or_else(|_| "{}".to_owned());
    Router::new()
        .route("/openapi.json", get(move || async move { ([(header::CONTENT_TYPE, "application/json")], json) }))
        .route("/docs", get(docs_page))
        .route("/docs/", get(docs_page))
        .route(
            "/docs/swagger-ui-bundle.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SWAGGER_BUNDLE) }),
        )
        .route(
            "/docs/swagger-ui.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], SWAGGER_CSS) }),
        )
}

async fn docs_page() -> impl IntoResponse {
    Html(
        r##"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>musicctl API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", persistAuthorization: true });
  </script>
</body>
</html>
"##,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_names_this_project_only() {
        let api = finish(OpenApi::default());
        assert_eq!(api.info.title, "musicctl");
        assert!(api.info.contact.is_none());
        assert_eq!(api.info.license.map(|l| l.name).as_deref(), Some(env!("CARGO_PKG_LICENSE")));
        assert!(api.components.is_some_and(|c| c.security_schemes.contains_key("bearer")));
    }
}
