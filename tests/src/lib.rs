//! End-to-end tests live in `tests/`: the merged OpenAPI document (`openapi.rs`) now, the
//! journeys across every service with the standalone build.
