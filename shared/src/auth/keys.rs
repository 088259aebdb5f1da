//! Keys tokens are verified with, each bound to the one algorithm it may verify.

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey};

/// A key with the one algorithm it may verify (so a token cannot choose, say, HS256 with an
/// RSA public key as the secret).
#[derive(Clone)]
pub struct VerificationKey {
    pub kid: Option<String>,
    pub algorithm: Algorithm,
    pub key: DecodingKey,
}

impl VerificationKey {
    pub fn hs256(secret: &[u8]) -> Self {
        Self {
            kid: None,
            algorithm: Algorithm::HS256,
            key: DecodingKey::from_secret(secret),
        }
    }

    /// Every usable key of a JWKS document, each bound to the algorithm its `alg` names (RSA
    /// without one: RS256); keys of other types, curves or algorithms are skipped.
    pub fn from_jwks(set: &JwkSet) -> Vec<Self> {
        set.keys
            .iter()
            .filter_map(|jwk| {
                let algorithm = match (&jwk.algorithm, jwk.common.key_algorithm) {
                    (AlgorithmParameters::OctetKeyPair(_), None | Some(KeyAlgorithm::EdDSA)) => {
                        Algorithm::EdDSA
                    }
                    (AlgorithmParameters::EllipticCurve(ec), None | Some(KeyAlgorithm::ES256))
                        if ec.curve == EllipticCurve::P256 =>
                    {
                        Algorithm::ES256
                    }
                    (AlgorithmParameters::EllipticCurve(ec), None | Some(KeyAlgorithm::ES384))
                        if ec.curve == EllipticCurve::P384 =>
                    {
                        Algorithm::ES384
                    }
                    (AlgorithmParameters::RSA(_), None | Some(KeyAlgorithm::RS256)) => {
                        Algorithm::RS256
                    }
                    (AlgorithmParameters::RSA(_), Some(KeyAlgorithm::RS384)) => Algorithm::RS384,
                    (AlgorithmParameters::RSA(_), Some(KeyAlgorithm::RS512)) => Algorithm::RS512,
                    (AlgorithmParameters::RSA(_), Some(KeyAlgorithm::PS256)) => Algorithm::PS256,
                    _ => return None,
                };
                let key = DecodingKey::from_jwk(jwk).ok()?;
                Some(Self {
                    kid: jwk.common.key_id.clone(),
                    algorithm,
                    key,
                })
            })
            .collect()
    }
}
