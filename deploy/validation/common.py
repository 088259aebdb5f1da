"""What the deployment files must agree on, and how problems are collected."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# Every placeholder secret contains this; a committed value without it is taken for a real one.
PLACEHOLDER = "REPLACE_ME"


@dataclass(frozen=True)
class Component:
    name: str  # compose service, Kubernetes Deployment and Service name
    port: int
    env: tuple[str, ...]  # variables the component needs (README.md, the brief of issue 6)

    @property
    def binary(self) -> str:
        return f"formaliza-{self.name}"


_SERVICE_ENV = ("FORMALIZA_BIND", "FORMALIZA_DATABASE_URL", "FORMALIZA_JWKS_URL", "RUST_LOG")
_FEED_READER_ENV = (
    "FORMALIZA_MEMBERS_URL",
    "FORMALIZA_TOKEN_URL",
    "FORMALIZA_SERVICE_CLIENT_ID",
    "FORMALIZA_SERVICE_CLIENT_SECRET",
)

COMPONENTS = {
    c.name: c
    for c in (
        Component(
            "gateway",
            8080,
            (
                "FORMALIZA_BIND",
                "FORMALIZA_DATABASE_URL",
                "FORMALIZA_MEMBERS_URL",
                "FORMALIZA_TRAININGS_URL",
                "FORMALIZA_SOCIAL_PROTECTION_URL",
                "RUST_LOG",
            ),
        ),
        # Every service pseudonymises members (answers, exports, bus events) with one secret.
        Component("members", 8081, _SERVICE_ENV + ("FORMALIZA_PSEUDONYM_SECRET",)),
        Component(
            "trainings",
            8082,
            _SERVICE_ENV + _FEED_READER_ENV + ("FORMALIZA_PSEUDONYM_SECRET",),
        ),
        Component(
            "social-protection",
            8083,
            _SERVICE_ENV + _FEED_READER_ENV + ("FORMALIZA_PSEUDONYM_SECRET",),
        ),
    )
}

# Variables that may be empty until the first-run bootstrap has created the feed reader's
# gateway client (compose only: Kubernetes Secrets hold placeholders until replaced).
BOOTSTRAPPED_LATER = {"FORMALIZA_SERVICE_CLIENT_ID", "FORMALIZA_SERVICE_CLIENT_SECRET"}

# Which component each URL variable must reach, and at which path.
URL_TARGETS = {
    "FORMALIZA_MEMBERS_URL": ("members", ""),
    "FORMALIZA_TRAININGS_URL": ("trainings", ""),
    "FORMALIZA_SOCIAL_PROTECTION_URL": ("social-protection", ""),
    "FORMALIZA_JWKS_URL": ("gateway", "/.well-known/jwks.json"),
    "FORMALIZA_TOKEN_URL": ("gateway", "/oauth/token"),
}


@dataclass
class Report:
    """Problems found, each prefixed with where it was found."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def check(self, ok: bool, where: str, message: str) -> bool:
        if not ok:
            self.fail(where, message)
        return ok

    def note(self, message: str) -> None:
        self.notes.append(message)


def split_url(url: str) -> tuple[str, int | None, str]:
    """(host, port, path) of an http URL; the port is None when absent or invalid."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.hostname or "", port, parts.path.rstrip("/")


def bind_port(bind: str) -> int | None:
    match = re.fullmatch(r"0\.0\.0\.0:(\d+)", bind or "")
    return int(match.group(1)) if match else None


def database_of(url: str) -> tuple[str, int, str] | None:
    """(host, port, database) of a postgres:// URL, None for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        return None
    try:
        port = parts.port or 5432
    except ValueError:
        return None
    return parts.hostname or "", port, parts.path.lstrip("/")


def workspace_binaries(repo: Path) -> set[str]:
    """Names of the workspace packages that build a binary (src/main.rs or [[bin]])."""
    import tomllib

    root = tomllib.loads((repo / "Cargo.toml").read_text())
    found = set()
    for member in root.get("workspace", {}).get("members", []):
        manifest = tomllib.loads((repo / member / "Cargo.toml").read_text())
        name = manifest.get("package", {}).get("name")
        if name and ((repo / member / "src/main.rs").exists() or manifest.get("bin")):
            found.add(name)
    return found
