//! How the demo fails: one message, for the terminal.

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo: {0}")]
    Load(String),
}

pub(super) fn fail(message: impl Into<String>) -> DemoError {
    DemoError::Load(message.into())
}
