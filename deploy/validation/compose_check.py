"""deploy/compose: Docker Compose's own validation, then what Formaliza needs of it."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

from common import (
    BOOTSTRAPPED_LATER,
    COMPONENTS,
    URL_TARGETS,
    Report,
    bind_port,
    database_of,
    split_url,
)
from dockerfile_check import Image


def check(context: Path, compose_bin: Path, image: Image, report: Report) -> None:
    directory = context / "deploy/compose"
    where = "deploy/compose/compose.yaml"
    env_example = directory / ".env.example"

    # Compose itself: the Compose Specification schema, interpolation, depends_on targets,
    # merge keys; its output is normalised. First with .env.example as committed (its required
    # values are empty, so compose must refuse), then with those filled in.
    required = re.findall(r"(?m)^([A-Z][A-Z0-9_]*)=$", env_example.read_text())
    required = [
        v
        for v in required
        if re.search(r"\$\{" + v + r":\?", (directory / "compose.yaml").read_text())
    ]
    refused = compose_config(compose_bin, directory, {})
    report.check(
        refused.returncode != 0 and "required variable" in refused.stderr,
        where,
        "starts with .env.example as committed: its secrets must be required (${VAR:?…})",
    )
    result = compose_config(compose_bin, directory, {v: "validation-placeholder" for v in required})
    if not report.check(
        result.returncode == 0, where, f"docker compose config failed: {result.stderr.strip()}"
    ):
        return
    project = json.loads(result.stdout)
    services = project.get("services", {})

    for name, service in services.items():
        at = f"{where}: service {name}"
        report.check("image" in service or "build" in service, at, "has neither image nor build")
        if "build" in service:
            build = service["build"]
            dockerfile = Path(build["context"]) / build.get("dockerfile", "Dockerfile")
            report.check(
                Path(build["context"]).resolve() == context.resolve(),
                at,
                f"build context {build['context']} is not the repository root",
            )
            report.check(
                dockerfile.resolve() == (context / "deploy/Dockerfile").resolve(),
                at,
                f"builds {dockerfile}, not deploy/Dockerfile",
            )
        healthcheck = service.get("healthcheck") or {}
        report.check(
            bool(healthcheck.get("test")) and not healthcheck.get("disable"),
            at,
            "has no healthcheck",
        )
        for target, dependency in (service.get("depends_on") or {}).items():
            report.check(
                dependency.get("condition")
                in ("service_healthy", "service_completed_successfully"),
                at,
                f"depends_on {target} without condition service_healthy",
            )
        for port in service.get("ports") or []:
            report.check(
                name == "gateway",
                at,
                f"publishes port {port.get('published')}: only the gateway is published",
            )
    gateway = services.get("gateway") or {}
    gateway_ports = [
        (p.get("host_ip") or "", str(p.get("published")), p.get("target"))
        for p in gateway.get("ports") or []
    ]
    public = [(published, target) for host, published, target in gateway_ports if host == ""]
    report.check(
        public == [("8080", 8080)],
        where,
        f"the gateway must publish 8080:8080 and nothing else on every address (found {public})",
    )
    # The metrics listener: a port of its own, published (if at all) on the host's loopback.
    gateway_env = {k: str(v) for k, v in (gateway.get("environment") or {}).items()}
    metrics_port = bind_port(gateway_env.get("FORMALIZA_METRICS_BIND", ""))
    report.check(
        metrics_port is not None and metrics_port != 8080,
        f"{where}: service gateway",
        f"FORMALIZA_METRICS_BIND={gateway_env.get('FORMALIZA_METRICS_BIND')}: the metrics "
        "listener needs the container's address (0.0.0.0) and a port apart from 8080",
    )
    for host, published, target in gateway_ports:
        if host == "":
            continue
        report.check(
            host == "127.0.0.1" and target == metrics_port,
            f"{where}: service gateway",
            f"publishes {host}:{published}:{target}: only the metrics port, on 127.0.0.1",
        )

    # The Formaliza components: binary, bind port, healthcheck, environment, URLs, databases.
    databases = created_databases(services.get("postgres") or {}, directory, report)
    used_databases: dict[str, str] = {}
    for component in COMPONENTS.values():
        at = f"{where}: service {component.name}"
        service = services.get(component.name)
        if not report.check(service is not None, where, f"no service {component.name}"):
            continue
        env = {
            k: ("" if v is None else str(v)) for k, v in (service.get("environment") or {}).items()
        }
        command = service.get("command") or []
        report.check(
            command == [component.binary], at, f"command {command}, expected [{component.binary!r}]"
        )
        report.check(
            component.binary in image.executables,
            at,
            f"{component.binary} is not in the image built by deploy/Dockerfile",
        )
        report.check("build" in service, at, "does not run the image built from deploy/Dockerfile")
        for variable in component.env:
            if not report.check(variable in env, at, f"{variable} is not set"):
                continue
            report.check(
                env[variable] != "" or variable in BOOTSTRAPPED_LATER, at, f"{variable} is empty"
            )
        port = bind_port(env.get("FORMALIZA_BIND", ""))
        report.check(
            port == component.port,
            at,
            f"FORMALIZA_BIND={env.get('FORMALIZA_BIND')}, expected 0.0.0.0:{component.port}",
        )
        test = (service.get("healthcheck") or {}).get("test") or []
        report.check(
            test == ["CMD", "http-probe", str(port), "/readyz"],
            at,
            f"healthcheck {test}, expected GET /readyz on its port through http-probe",
        )
        report.check("http-probe" in image.executables, at, "http-probe is not in the image")
        for variable, value in env.items():
            if variable in URL_TARGETS and value:
                expected, path = URL_TARGETS[variable]
                host, url_port, url_path = split_url(value)
                target = services.get(host)
                target_port = bind_port(
                    ((target or {}).get("environment") or {}).get("FORMALIZA_BIND", "")
                )
                report.check(
                    host == expected and url_port == target_port and url_path == path,
                    at,
                    f"{variable}={value} does not reach {expected} "
                    f"(http://{expected}:{target_port}{path})",
                )
        database = database_of(env.get("FORMALIZA_DATABASE_URL", ""))
        if report.check(
            database is not None, at, "FORMALIZA_DATABASE_URL is not a postgres:// URL"
        ):
            host, _, name = database
            report.check(
                host == "postgres", at, f"database host {host} is not the postgres service"
            )
            report.check(
                name in databases,
                at,
                f"database {name} is not created by the PostgreSQL init script",
            )
            report.check(
                name not in used_databases,
                at,
                f"shares database {name} with {used_databases.get(name)}",
            )
            used_databases[name] = component.name
        if "postgres" in services:
            report.check(
                "postgres" in (service.get("depends_on") or {}), at, "does not depend on postgres"
            )

    check_env_example(directory, report)


def compose_config(
    compose_bin: Path, directory: Path, answers: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """`docker compose config` with .env.example, in a clean environment plus `answers`."""
    with tempfile.TemporaryDirectory() as home:
        return subprocess.run(
            [
                str(compose_bin),
                "--project-directory",
                str(directory),
                "--file",
                str(directory / "compose.yaml"),
                "--env-file",
                str(directory / ".env.example"),
                "config",
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "HOME": home, **answers},
        )


def created_databases(postgres: dict, directory: Path, report: Report) -> set[str]:
    """Databases created by the SQL scripts mounted into docker-entrypoint-initdb.d."""
    where = "deploy/compose/compose.yaml: service postgres"
    image = postgres.get("image", "")
    report.check(
        re.fullmatch(r"postgres:15(\.\d+)?(-\w+)?", image) is not None,
        where,
        f"image {image} is not PostgreSQL 15",
    )
    names: set[str] = set()
    for volume in postgres.get("volumes") or []:
        if volume.get("type") == "bind" and volume["target"].startswith(
            "/docker-entrypoint-initdb.d"
        ):
            script = Path(volume["source"])
            if report.check(script.is_file(), where, f"init script {script} does not exist"):
                names |= set(re.findall(r"(?im)^\s*CREATE\s+DATABASE\s+(\w+)", script.read_text()))
    report.check(bool(names), where, "no init script creates the databases")
    return names


def check_env_example(directory: Path, report: Report) -> None:
    """Every variable compose.yaml reads is documented in .env.example, with no real secret."""
    where = "deploy/compose/.env.example"
    text = (directory / ".env.example").read_text()
    listed = set(re.findall(r"(?m)^#?\s*([A-Z][A-Z0-9_]*)=", text))
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", (directory / "compose.yaml").read_text()))
    for variable in sorted(used - listed):
        report.fail(where, f"{variable} is used by compose.yaml but not listed")
    compose = (directory / "compose.yaml").read_text()
    for variable, value in re.findall(r"(?m)^([A-Z][A-Z0-9_]*)=(.*)$", text):
        if re.search(r"PASSWORD|SECRET|TOKEN|KEY", variable):
            report.check(value.strip() == "", where, f"{variable} holds a value: commit it empty")
            report.check(
                variable in BOOTSTRAPPED_LATER
                # Required, and no service given a default (it would start without it).
                or (
                    "${" + variable + ":?" in compose
                    and not re.search(r"\$\{" + variable + r":?-", compose)
                ),
                where,
                f"compose.yaml does not require {variable} (${{{variable}:?…}})",
            )
    gitignore = directory / ".gitignore"
    report.check(
        gitignore.exists() and ".env" in gitignore.read_text().split(),
        where,
        "deploy/compose/.gitignore must ignore .env",
    )
