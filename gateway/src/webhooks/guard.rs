//! Where webhooks may go. A subscription URL is a request the gateway makes on a client's
//! behalf from inside the deployment, so it must not reach what only the deployment reaches:
//! loopback, private networks, link-local addresses (the cloud metadata service at
//! 169.254.169.254 among them). Checked when a subscription is made, and again on every
//! delivery by the resolver the delivery client connects through, so that a name re-pointed
//! after the check (DNS rebinding) still cannot reach them. Hosts the operator lists in
//! `FORMALIZA_WEBHOOK_INSECURE_HOSTS` (development, tests) may use plain `http` and any address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use ipnet::IpNet;

/// The operator's exceptions.
#[derive(Debug, Clone, Default)]
pub struct Exceptions {
    /// Host names (lower case) allowed plain http and any address.
    names: Vec<String>,
    /// Addresses or ranges allowed plain http and any address.
    nets: Vec<IpNet>,
}

impl Exceptions {
    /// From a comma-separated list of host names, addresses and CIDR ranges.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut exceptions = Self::default();
        for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            if let Ok(net) = item.parse::<IpNet>() {
                exceptions.nets.push(net);
            } else if let Ok(ip) = item.parse::<IpAddr>() {
                exceptions.nets.push(IpNet::from(ip));
            } else if item
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            {
                exceptions.names.push(item.to_ascii_lowercase());
            } else {
                return Err(format!(
                    "{item} is neither a host name, an address nor a range"
                ));
            }
        }
        Ok(exceptions)
    }

    fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        self.names.iter().any(|n| n.eq_ignore_ascii_case(host))
            || host
                .parse::<IpAddr>()
                .is_ok_and(|ip| self.nets.iter().any(|net| net.contains(&ip)))
    }

    fn address_allowed(&self, ip: IpAddr) -> bool {
        self.nets.iter().any(|net| net.contains(&ip))
    }
}

/// Why an address may not be reached, if it may not.
pub fn forbidden(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => forbidden_v4(v4),
            None => forbidden_v6(v6),
        },
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_private() {
        Some("a private address")
    } else if ip.is_link_local() {
        Some("a link-local address (cloud metadata among them)")
    } else if a == 100 && (64..128).contains(&b) {
        Some("a shared (carrier-grade NAT) address")
    } else if ip.is_unspecified() || ip.is_broadcast() || ip.is_multicast() || a == 0 || a >= 240 {
        Some("not a unicast internet address")
    } else {
        None
    }
}

fn forbidden_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let first = ip.segments()[0];
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_unspecified() || ip.is_multicast() {
        Some("not a unicast internet address")
    } else if first & 0xfe00 == 0xfc00 {
        // Unique local (fc00::/7): private networks, AWS's metadata at fd00:ec2::254.
        Some("a private address")
    } else if first & 0xffc0 == 0xfe80 {
        Some("a link-local address")
    } else {
        None
    }
}

/// A subscription URL taken apart, checked but not resolved.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: reqwest::Url,
    pub host: String,
    pub port: u16,
}

/// The policy, shared by the handlers and the delivery client.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    exceptions: Arc<Exceptions>,
}

impl Guard {
    pub fn new(exceptions: Exceptions) -> Self {
        Self {
            exceptions: Arc::new(exceptions),
        }
    }

    /// The URL's shape: https (http for an excepted host), a host, no credentials.
    pub fn target(&self, text: &str) -> Result<Target, String> {
        let url = reqwest::Url::parse(text).map_err(|e| format!("not a URL: {e}"))?;
        let host = url
            .host_str()
            .ok_or_else(|| "the URL has no host".to_owned())?
            .to_owned();
        let excepted = self.exceptions.host_allowed(&host);
        match url.scheme() {
            "https" => {}
            "http" if excepted => {}
            "http" => return Err("webhooks are delivered over https only".into()),
            other => return Err(format!("{other} URLs cannot receive webhooks; use https")),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(
                "credentials in the URL would be sent to every hop; authenticate the \
                        messages by their signature instead"
                    .into(),
            );
        }
        if url.fragment().is_some() {
            return Err("a fragment is never sent; remove it".into());
        }
        let port = url.port_or_known_default().unwrap_or(443);
        Ok(Target { url, host, port })
    }

    /// Resolves `host` and keeps the addresses it may reach; an error naming the first refused
    /// when none remains.
    pub async fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let addresses: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) => tokio::net::lookup_host((bare, port))
                .await
                .map_err(|e| format!("{host} cannot be resolved: {e}"))?
                .collect(),
        };
        if self.exceptions.host_allowed(bare) {
            return Ok(addresses);
        }
        let mut refused = None;
        let allowed: Vec<SocketAddr> = addresses
            .into_iter()
            .filter(|address| {
                let ip = address.ip();
                match forbidden(ip) {
                    Some(why) if !self.exceptions.address_allowed(ip) => {
                        refused.get_or_insert(format!("{host} resolves to {ip}, {why}"));
                        false
                    }
                    _ => true,
                }
            })
            .collect();
        match (allowed.is_empty(), refused) {
            (false, _) => Ok(allowed),
            (true, Some(why)) => Err(why),
            (true, None) => Err(format!("{host} resolves to no address")),
        }
    }

    /// Checks a subscription URL now: its shape, and every address its host resolves to (any
    /// refused address refuses the URL, so that no rotation of records gets past).
    pub async fn check(&self, text: &str) -> Result<Target, String> {
        let target = self.target(text)?;
        let bare = target
            .host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        if !self.exceptions.host_allowed(&bare) {
            let all: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
                Ok(ip) => vec![SocketAddr::new(ip, target.port)],
                Err(_) => tokio::net::lookup_host((bare.as_str(), target.port))
                    .await
                    .map_err(|e| format!("{} cannot be resolved: {e}", target.host))?
                    .collect(),
            };
            for address in all {
                let ip = address.ip();
                if let Some(why) = forbidden(ip)
                    && !self.exceptions.address_allowed(ip)
                {
                    return Err(format!("{} resolves to {ip}, {why}", target.host));
                }
            }
        }
        Ok(target)
    }
}

/// The delivery client's resolver: every connection goes only to addresses the guard allows,
/// resolved at that moment.
impl reqwest::dns::Resolve for Guard {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let guard = self.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addresses = guard
                .resolve(&host, 0)
                .await
                .map_err(|why| -> Box<dyn std::error::Error + Send + Sync> { why.into() })?;
            let addresses: reqwest::dns::Addrs = Box::new(addresses.into_iter());
            Ok(addresses)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn internal_ranges_are_forbidden_and_the_internet_is_not() {
        for text in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
        ] {
            assert!(forbidden(ip(text)).is_some(), "{text}");
        }
        for text in ["200.48.225.130", "8.8.8.8", "2800:200::1"] {
            assert_eq!(forbidden(ip(text)), None, "{text}");
        }
    }

    #[test]
    fn urls_need_https_unless_the_host_is_excepted() {
        let strict = Guard::default();
        assert!(strict.target("https://sis.minsa.gob.pe/hook").is_ok());
        assert!(strict.target("http://sis.minsa.gob.pe/hook").is_err());
        assert!(strict.target("ftp://sis.minsa.gob.pe/hook").is_err());
        assert!(
            strict
                .target("https://user:pw@sis.minsa.gob.pe/hook")
                .is_err()
        );
        let lenient = Guard::new(Exceptions::parse("127.0.0.1, localhost").unwrap_or_default());
        assert!(lenient.target("http://127.0.0.1:9000/hook").is_ok());
        assert!(lenient.target("http://localhost:9000/hook").is_ok());
        assert!(lenient.target("http://10.0.0.1/hook").is_err());
    }

    #[actix_rt::test]
    async fn names_and_literals_resolving_inside_are_refused() {
        let strict = Guard::default();
        assert!(strict.check("https://127.0.0.1/hook").await.is_err());
        assert!(strict.check("https://[::1]/hook").await.is_err());
        assert!(
            strict
                .check("https://169.254.169.254/latest")
                .await
                .is_err()
        );
        assert!(strict.check("https://localhost/hook").await.is_err());
        assert!(strict.resolve("localhost", 443).await.is_err());
        let lenient = Guard::new(Exceptions::parse("127.0.0.0/8").unwrap_or_default());
        assert!(lenient.check("http://127.0.0.1:9/hook").await.is_ok());
        assert!(lenient.check("https://10.0.0.1/hook").await.is_err());
    }
}
