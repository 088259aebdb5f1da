//! Who is calling, as far as the gateway can tell: the TCP peer, or, when the peer is one of the
//! configured trusted proxies (an ingress, a load balancer), the client its `X-Forwarded-For`
//! names. Anyone else's forwarding headers are ignored: they are the client's own claims, and
//! honouring them would let a client pick a new rate-limit bucket per request (guessing client
//! secrets at `/oauth/token` included) or tell the services a host and scheme of its choosing.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::http::header::{HOST, HeaderName};
use ipnet::IpNet;

pub const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
pub const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
pub const X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");

/// The proxies whose forwarding headers are believed (`FORMALIZA_TRUSTED_PROXIES`).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Comma-separated addresses or CIDR ranges (`10.0.0.0/8, 192.168.1.7`).
    pub fn parse(text: &str) -> Result<Self, String> {
        text.split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<IpNet>()
                    .or_else(|_| part.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{part:?} is neither an IP address nor a CIDR range"))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    fn contains(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&address))
    }

    fn trusts_peer(&self, req: &HttpRequest) -> bool {
        req.peer_addr().is_some_and(|peer| self.contains(peer.ip()))
    }

    /// The client's address: the peer's, or for a trusted peer the right-most address of
    /// `X-Forwarded-For` that is not itself a trusted proxy (entries left of it were written by
    /// the client and prove nothing).
    pub fn client_address(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        if !self.contains(peer) {
            return Some(peer);
        }
        let mut chain = req
            .headers()
            .get_all(X_FORWARDED_FOR)
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|entry| entry.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        let mut client = peer;
        while let Some(entry) = chain.pop() {
            // An unreadable entry ends what can be believed.
            let Some(address) = entry else { break };
            client = address;
            if !self.contains(address) {
                break;
            }
        }
        Some(client)
    }

    /// The scheme the client used: `http` (the gateway itself does not terminate TLS), or what
    /// a trusted proxy in front of it says.
    pub fn scheme<'a>(&self, req: &'a HttpRequest) -> &'a str {
        self.forwarded(req, X_FORWARDED_PROTO).unwrap_or("http")
    }

    /// The host the client asked for: the `Host` header, or what a trusted proxy says.
    pub fn host<'a>(&self, req: &'a HttpRequest) -> &'a str {
        self.forwarded(req, X_FORWARDED_HOST)
            .or_else(|| req.headers().get(HOST)?.to_str().ok())
            .unwrap_or("")
    }

    fn forwarded<'a>(&self, req: &'a HttpRequest, name: HeaderName) -> Option<&'a str> {
        if !self.trusts_peer(req) {
            return None;
        }
        let value = req.headers().get(name)?.to_str().ok()?;
        // The first hop's value, as the client-facing proxy wrote it.
        value
            .split(',')
            .next()
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use actix_web::test::TestRequest;

    use super::*;

    fn request(peer: &str, headers: &[(&str, &str)]) -> HttpRequest {
        let mut req = TestRequest::default().peer_addr(format!("{peer}:40000").parse().unwrap());
        for (name, value) in headers {
            req = req.insert_header((*name, *value));
        }
        req.to_http_request()
    }

    fn ip(text: &str) -> Option<IpAddr> {
        text.parse().ok()
    }

    #[test]
    fn an_untrusted_peer_cannot_name_another_address_host_or_scheme() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let req = request(
            "203.0.113.9",
            &[
                ("x-forwarded-for", "198.51.100.1"),
                ("x-forwarded-host", "evil.example"),
                ("x-forwarded-proto", "https"),
                ("host", "api.example.org"),
            ],
        );
        assert_eq!(trusted.client_address(&req), ip("203.0.113.9"));
        assert_eq!(trusted.host(&req), "api.example.org");
        assert_eq!(trusted.scheme(&req), "http");
        // Nothing trusted (the default): the same.
        let none = TrustedProxies::default();
        assert_eq!(none.client_address(&req), ip("203.0.113.9"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client_it_saw() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, 192.168.1.7").unwrap();
        let req = request(
            "10.1.2.3",
            &[
                // The client wrote the first entry; the ingress appended the address it saw.
                ("x-forwarded-for", "1.1.1.1, 198.51.100.1, 192.168.1.7"),
                ("x-forwarded-host", "api.example.org"),
                ("x-forwarded-proto", "https"),
            ],
        );
        assert_eq!(trusted.client_address(&req), ip("198.51.100.1"));
        assert_eq!(trusted.host(&req), "api.example.org");
        assert_eq!(trusted.scheme(&req), "https");
        // A trusted peer without the header is the client itself.
        assert_eq!(
            trusted.client_address(&request("10.1.2.3", &[])),
            ip("10.1.2.3")
        );
    }

    #[test]
    fn unreadable_forwarding_entries_are_not_believed() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let req = request("10.1.2.3", &[("x-forwarded-for", "198.51.100.1, nonsense")]);
        assert_eq!(trusted.client_address(&req), ip("10.1.2.3"));
    }

    #[test]
    fn the_setting_must_be_addresses_or_ranges() {
        assert!(TrustedProxies::parse("10.0.0.0/8, ::1, 2001:db8::/32").is_ok());
        assert!(TrustedProxies::parse("").is_ok());
        assert!(TrustedProxies::parse("ingress.local").is_err());
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }
}
