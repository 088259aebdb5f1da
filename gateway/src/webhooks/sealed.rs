//! Signing secrets at rest. The gateway must sign with a subscription's secret on every delivery,
//! so it cannot keep only a hash: it keeps the secret sealed (ChaCha20-Poly1305, a fresh nonce
//! each time) under `FORMALIZA_WEBHOOK_KEY`, which lives outside the database. A database dump
//! alone gives no one the means to forge messages.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

/// The key that seals the secrets. Its `Debug` shows nothing of it.
#[derive(Clone)]
pub struct SealingKey(Key);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(…)")
    }
}

impl SealingKey {
    /// From 32 bytes in base64 (`openssl rand -base64 32`).
    pub fn parse(text: &str) -> Result<Self, String> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| "not base64".to_owned())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|bytes: Vec<u8>| format!("{} bytes; 32 are needed", bytes.len()))?;
        Ok(Self(Key::from(bytes)))
    }

    /// A fresh random key, in the form [`SealingKey::parse`] reads.
    pub fn generate() -> String {
        let mut bytes = [0u8; 32];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
        STANDARD.encode(bytes)
    }

    /// `secret` sealed: base64 of the nonce and the ciphertext.
    pub fn seal(&self, secret: &str) -> Result<String, String> {
        let mut nonce = [0u8; 12];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut nonce);
        let sealed = ChaCha20Poly1305::new(&self.0)
            .encrypt(&Nonce::from(nonce), secret.as_bytes())
            .map_err(|_| "cannot seal".to_owned())?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(STANDARD.encode(out))
    }

    /// The secret in `sealed`; an error when it was sealed under another key or altered.
    pub fn open(&self, sealed: &str) -> Result<String, String> {
        let bytes = STANDARD
            .decode(sealed)
            .map_err(|_| "not base64".to_owned())?;
        if bytes.len() < 12 {
            return Err("too short".into());
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| "too short".to_owned())?;
        let plain = ChaCha20Poly1305::new(&self.0)
            .decrypt(&Nonce::from(nonce), ciphertext)
            .map_err(|_| "sealed under another FORMALIZA_WEBHOOK_KEY, or altered".to_owned())?;
        String::from_utf8(plain).map_err(|_| "not text".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key() {
        let key = SealingKey::parse(&SealingKey::generate()).unwrap_or_else(|e| panic!("{e}"));
        let other = SealingKey::parse(&SealingKey::generate()).unwrap_or_else(|e| panic!("{e}"));
        let sealed = key.seal("whsec_abc").unwrap_or_default();
        assert!(!sealed.contains("whsec"));
        assert_eq!(key.open(&sealed).as_deref(), Ok("whsec_abc"));
        assert!(other.open(&sealed).is_err());
        assert_ne!(
            key.seal("whsec_abc").unwrap_or_default(),
            sealed,
            "a fresh nonce"
        );
        assert!(SealingKey::parse("c2hvcnQ=").is_err());
    }
}
