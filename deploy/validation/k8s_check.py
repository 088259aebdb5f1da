"""deploy/k8s: render with kustomize, validate against the Kubernetes API schemas, cross-check."""

from __future__ import annotations

import base64
import functools
import re
import subprocess
from pathlib import Path

import kubernetes_validate.utils as kv
import yaml

from common import COMPONENTS, PLACEHOLDER, URL_TARGETS, Report, bind_port, database_of, split_url
from dockerfile_check import Image

# Schemas the objects must satisfy, unknown fields rejected: the oldest Kubernetes supported
# (1.30: the preStop sleep action is on by default from there) and the newest the package ships.
KUBERNETES_VERSIONS = ("1.30", "1.37")
STATELESS = ("members", "trainings", "social-protection")

# Each schema file is read once, not once per object.
kv.schema_contents = functools.lru_cache(maxsize=None)(kv.schema_contents)


def render(kubectl: Path, directory: Path, label: str, report: Report) -> list[dict] | None:
    result = subprocess.run(
        [str(kubectl), "kustomize", str(directory)], capture_output=True, text=True
    )
    if not report.check(
        result.returncode == 0, label, f"kustomize failed: {result.stderr.strip()}"
    ):
        return None
    return [o for o in yaml.safe_load_all(result.stdout) if o]


def validate_schemas(objects: list[dict], label: str, report: Report) -> None:
    for obj in objects:
        where = f"{label}: {obj.get('kind')}/{obj.get('metadata', {}).get('name')}"
        for version in KUBERNETES_VERSIONS:
            try:
                kv.validate(obj, version, strict=True)
            except kv.ValidationError as e:
                path = ".".join(str(p) for p in e.path) or "(top level)"
                report.fail(where, f"Kubernetes {version} schema: {path}: {e.message}")
                break
            except kv.SchemaNotFoundError as e:
                report.fail(where, e.message)
                break


def quantity(text: str | int | float) -> float:
    """A resource quantity in base units (cores, bytes)."""
    units = {"m": 1e-3, "": 1, "k": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    match = re.fullmatch(r"([0-9.]+)([a-zA-Z]*)", str(text))
    if not match or match.group(2) not in units:
        raise ValueError(f"unreadable quantity {text!r}")
    return float(match.group(1)) * units[match.group(2)]


class Objects:
    def __init__(self, objects: list[dict]):
        self.all = objects
        self.by_kind: dict[str, dict[str, dict]] = {}
        for obj in objects:
            self.by_kind.setdefault(obj["kind"], {})[obj["metadata"]["name"]] = obj

    def kind(self, kind: str) -> dict[str, dict]:
        return self.by_kind.get(kind, {})

    def lookup(self, kind: str, name: str, key: str) -> str | None:
        obj = self.kind(kind).get(name)
        if obj is None:
            return None
        if kind == "Secret":
            if key in (obj.get("stringData") or {}):
                return obj["stringData"][key]
            if key in (obj.get("data") or {}):
                return base64.b64decode(obj["data"][key]).decode()
            return None
        return (obj.get("data") or {}).get(key)


def resolve_env(container: dict, objects: Objects, where: str, report: Report) -> dict[str, str]:
    """The container's environment as the kubelet would set it; missing references reported."""
    env: dict[str, str] = {}
    for source in container.get("envFrom") or []:
        for kind, ref in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            if ref in source:
                name = source[ref]["name"]
                obj = objects.kind(kind).get(name)
                if obj is None:
                    report.check(
                        source[ref].get("optional", False), where, f"envFrom: no {kind} {name}"
                    )
                    continue
                for key in list((obj.get("data") or {})) + list((obj.get("stringData") or {})):
                    env[source.get("prefix", "") + key] = objects.lookup(kind, name, key) or ""
    for item in container.get("env") or []:
        name = item["name"]
        if "value" in item:
            env[name] = str(item["value"])
            continue
        value_from = item.get("valueFrom") or {}
        for kind, ref in (("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef")):
            if ref not in value_from:
                continue
            spec = value_from[ref]
            value = objects.lookup(kind, spec["name"], spec["key"])
            if value is None:
                report.check(
                    spec.get("optional", False),
                    where,
                    f"env {name}: {kind} {spec['name']} has no key {spec['key']}",
                )
            else:
                env[name] = value
        if "fieldRef" in value_from or "resourceFieldRef" in value_from:
            env[name] = "(from the pod)"
    return env


def port_declared(port: int | str, container: dict) -> bool:
    ports = container.get("ports") or []
    if isinstance(port, int):
        return any(p.get("containerPort") == port for p in ports)
    return any(p.get("name") == port for p in ports)


def selects(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def check_rendered(
    raw: list[dict], label: str, image: Image, deployable: bool, report: Report
) -> None:
    objects = Objects(raw)
    deployments = objects.kind("Deployment")
    services = objects.kind("Service")
    autoscalers = objects.kind("HorizontalPodAutoscaler")
    component_env: dict[str, dict[str, str]] = {}
    max_replicas: dict[str, int] = {}

    for name, deployment in deployments.items():
        where = f"{label}: Deployment/{name}"
        spec = deployment["spec"]
        pod = spec["template"]["spec"]
        template_labels = spec["template"]["metadata"].get("labels") or {}
        report.check(
            selects(spec["selector"].get("matchLabels") or {}, template_labels),
            where,
            "selector.matchLabels does not match the pod template's labels",
        )
        security = pod.get("securityContext") or {}
        report.check(security.get("runAsNonRoot") is True, where, "pod runAsNonRoot is not true")
        report.check(security.get("runAsUser", 1) != 0, where, "pod runs as user 0")
        report.check(
            (security.get("seccompProfile") or {}).get("type") == "RuntimeDefault",
            where,
            "pod seccompProfile is not RuntimeDefault",
        )
        volumes = {v["name"]: v for v in pod.get("volumes") or []}
        for volume in volumes.values():
            if "secret" in volume:
                secret = volume["secret"]["secretName"]
                report.check(
                    secret in objects.kind("Secret") or volume["secret"].get("optional"),
                    where,
                    f"volume {volume['name']}: no Secret {secret}",
                )
            if "configMap" in volume:
                config = volume["configMap"]["name"]
                report.check(
                    config in objects.kind("ConfigMap") or volume["configMap"].get("optional"),
                    where,
                    f"volume {volume['name']}: no ConfigMap {config}",
                )

        images = set()
        for container in (pod.get("initContainers") or []) + pod["containers"]:
            at = f"{where}: container {container['name']}"
            images.add(container.get("image"))
            resources = container.get("resources") or {}
            for bound in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    report.check(
                        resource in (resources.get(bound) or {}), at, f"no {bound}.{resource}"
                    )
            for resource in ("cpu", "memory"):
                request = (resources.get("requests") or {}).get(resource)
                limit = (resources.get("limits") or {}).get(resource)
                if request is None or limit is None:
                    continue
                try:
                    report.check(
                        quantity(request) <= quantity(limit),
                        at,
                        f"{resource} request {request} above its limit {limit}",
                    )
                except ValueError as e:
                    report.fail(at, str(e))
            context = container.get("securityContext") or {}
            report.check(
                context.get("allowPrivilegeEscalation") is False,
                at,
                "allowPrivilegeEscalation is not false",
            )
            report.check(
                context.get("readOnlyRootFilesystem") is True,
                at,
                "readOnlyRootFilesystem is not true",
            )
            report.check(
                "ALL" in ((context.get("capabilities") or {}).get("drop") or []),
                at,
                "capabilities.drop does not hold ALL",
            )
            for mount in container.get("volumeMounts") or []:
                report.check(
                    mount["name"] in volumes, at, f"mounts undeclared volume {mount['name']}"
                )
            command = container.get("command") or []
            report.check(
                bool(command) and command[0] in image.executables,
                at,
                f"command {command} does not run a binary of the image",
            )
            resolve_env(container, objects, at, report)
        report.check(len(images) == 1, where, f"containers run different images {sorted(images)}")
        for container_image in images:
            tagged = re.search(
                r"(@sha256:[0-9a-f]{64}|:[\w][\w.-]*)$", container_image.split("/")[-1]
            )
            report.check(
                not deployable or (tagged is not None and not container_image.endswith(":latest")),
                where,
                f"image {container_image} has no fixed tag or digest",
            )

        component = COMPONENTS.get(name)
        if not report.check(component is not None, where, "is not a Formaliza component"):
            continue
        main = [c for c in pod["containers"] if c["name"] == name]
        if not report.check(len(main) == 1, where, f"no container named {name}"):
            continue
        main = main[0]
        at = f"{where}: container {name}"
        report.check(
            main.get("command") == [component.binary],
            at,
            f"command {main.get('command')}, expected [{component.binary!r}]",
        )
        report.check(
            port_declared(component.port, main),
            at,
            f"does not declare containerPort {component.port}",
        )
        for kind, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
            probe = (main.get(kind) or {}).get("httpGet") or {}
            report.check(probe.get("path") == path, at, f"{kind} is not GET {path}")
            report.check(
                port_declared(probe.get("port", ""), main),
                at,
                f"{kind} port {probe.get('port')} is not a declared container port",
            )
        env = resolve_env(main, objects, at, Report())  # references already reported above
        component_env[name] = env
        for variable in component.env:
            report.check(env.get(variable, "") != "", at, f"{variable} is not set")
        report.check(
            bind_port(env.get("FORMALIZA_BIND", "")) == component.port,
            at,
            f"FORMALIZA_BIND={env.get('FORMALIZA_BIND')}, expected 0.0.0.0:{component.port}",
        )
        key_file = env.get("FORMALIZA_SIGNING_KEY_FILE")
        if key_file:
            mounts = [
                m
                for m in main.get("volumeMounts") or []
                if key_file.startswith(m["mountPath"].rstrip("/") + "/")
            ]
            secret = volumes.get(mounts[0]["name"], {}).get("secret") if mounts else None
            report.check(
                secret is not None
                and objects.lookup("Secret", secret["secretName"], Path(key_file).name) is not None,
                at,
                f"FORMALIZA_SIGNING_KEY_FILE={key_file} is not a key of a mounted Secret",
            )
        migrate = [
            c
            for c in pod.get("initContainers") or []
            if c.get("command") == [component.binary, "migrate"]
        ]
        if report.check(
            len(migrate) == 1, where, f"no init container running `{component.binary} migrate`"
        ):
            report.check(
                migrate[0].get("image") == main.get("image")
                and migrate[0].get("env") == main.get("env")
                and migrate[0].get("volumeMounts") == main.get("volumeMounts"),
                where,
                "the migrate init container differs from the server in image, env or mounts",
            )
        max_replicas[name] = spec.get("replicas", 1)

    for name, hpa in autoscalers.items():
        where = f"{label}: HorizontalPodAutoscaler/{name}"
        target = hpa["spec"]["scaleTargetRef"]
        deployment = deployments.get(target["name"])
        if not report.check(
            target["kind"] == "Deployment" and deployment is not None,
            where,
            f"targets {target['kind']}/{target['name']}, which does not exist",
        ):
            continue
        low, high = hpa["spec"].get("minReplicas", 1), hpa["spec"]["maxReplicas"]
        report.check(1 <= low <= high, where, f"minReplicas {low} above maxReplicas {high}")
        replicas = deployment["spec"].get("replicas")
        report.check(
            replicas is None or low <= replicas <= high,
            where,
            f"Deployment replicas {replicas} outside [{low}, {high}]",
        )
        max_replicas[target["name"]] = max(high, max_replicas.get(target["name"], 1))
    scaled = {hpa["spec"]["scaleTargetRef"]["name"] for hpa in autoscalers.values()}
    for name in STATELESS:
        report.check(name in scaled, label, f"no HorizontalPodAutoscaler for {name}")

    for name, service in services.items():
        where = f"{label}: Service/{name}"
        report.check(
            service["spec"].get("type", "ClusterIP") == "ClusterIP",
            where,
            "is exposed outside the cluster: only the gateway Ingress is public",
        )
        selector = service["spec"].get("selector") or {}
        backends = [
            d
            for d in deployments.values()
            if selects(selector, d["spec"]["template"]["metadata"].get("labels") or {})
        ]
        if not report.check(bool(backends), where, f"selector {selector} selects no Deployment"):
            continue
        for port in service["spec"]["ports"]:
            target = port.get("targetPort", port["port"])
            for deployment in backends:
                report.check(
                    any(
                        port_declared(target, c)
                        for c in deployment["spec"]["template"]["spec"]["containers"]
                    ),
                    where,
                    f"targetPort {target} is not a container port of "
                    f"Deployment/{deployment['metadata']['name']}",
                )
    for component in COMPONENTS.values():
        service = services.get(component.name)
        if report.check(service is not None, label, f"no Service {component.name}"):
            report.check(
                any(p["port"] == component.port for p in service["spec"]["ports"]),
                f"{label}: Service/{component.name}",
                f"does not serve port {component.port}",
            )

    for name, budget in objects.kind("PodDisruptionBudget").items():
        selector = budget["spec"].get("selector", {}).get("matchLabels") or {}
        report.check(
            any(
                selects(selector, d["spec"]["template"]["metadata"].get("labels") or {})
                for d in deployments.values()
            ),
            f"{label}: PodDisruptionBudget/{name}",
            "selects no Deployment",
        )

    ingresses = objects.kind("Ingress")
    report.check(len(ingresses) == 1, label, f"expected one Ingress, found {len(ingresses)}")
    for name, ingress in ingresses.items():
        where = f"{label}: Ingress/{name}"
        backends = (
            [ingress["spec"]["defaultBackend"]] if "defaultBackend" in ingress["spec"] else []
        )
        for rule in ingress["spec"].get("rules") or []:
            report.check(not deployable or bool(rule.get("host")), where, "a rule has no host")
            backends += [p["backend"] for p in (rule.get("http") or {}).get("paths") or []]
        report.check(bool(backends), where, "has no backend")
        for backend in backends:
            service = backend.get("service") or {}
            port = service.get("port") or {}
            gateway = services.get("gateway")
            report.check(
                service.get("name") == "gateway" and gateway is not None,
                where,
                f"backend {service.get('name')} is not the gateway Service",
            )
            if gateway is not None:
                report.check(
                    any(
                        (
                            p.get("name") == port.get("name")
                            if "name" in port
                            else p["port"] == port.get("number")
                        )
                        for p in gateway["spec"]["ports"]
                    ),
                    where,
                    f"backend port {port} is not a port of the gateway Service",
                )

    if "gateway" in component_env and "gateway" in deployments:
        check_metrics_listener(
            label, deployments["gateway"], component_env["gateway"], services, ingresses, report
        )

    # Cross-component wiring: URLs reach the right Service, databases are not shared.
    databases: dict[tuple, str] = {}
    for name, env in component_env.items():
        where = f"{label}: Deployment/{name}"
        for variable, (expected, path) in URL_TARGETS.items():
            if variable not in env:
                continue
            host, port, url_path = split_url(env[variable])
            service = services.get(host.split(".")[0])
            ok = (
                service is not None
                and host.split(".")[0] == expected
                and url_path == path
                and any(p["port"] == port for p in service["spec"]["ports"])
            )
            report.check(
                ok,
                where,
                f"{variable}={env[variable]} does not reach the {expected} "
                f"Service at {path or '/'}",
            )
        database = database_of(env.get("FORMALIZA_DATABASE_URL", ""))
        if report.check(
            database is not None, where, "FORMALIZA_DATABASE_URL is not a postgres:// URL"
        ):
            report.check(
                database not in databases,
                where,
                f"shares its database with {databases.get(database)}",
            )
            databases[database] = name
    if "gateway" in component_env:
        report.check(
            max_replicas.get("gateway", 1) == 1
            or component_env["gateway"].get("FORMALIZA_REDIS_URL", "") != "",
            f"{label}: Deployment/gateway",
            f"up to {max_replicas.get('gateway')} replicas without FORMALIZA_REDIS_URL "
            "(rate limits would be per replica)",
        )

    for name, secret in objects.kind("Secret").items():
        for key in list(secret.get("data") or {}) + list(secret.get("stringData") or {}):
            report.check(
                PLACEHOLDER in (objects.lookup("Secret", name, key) or ""),
                f"{label}: Secret/{name}",
                f"{key} is not a {PLACEHOLDER} placeholder: never commit a real secret",
            )

    if deployable:
        namespaces = {o["metadata"].get("namespace") for o in raw if o["kind"] != "Namespace"}
        report.check(
            len(namespaces) == 1 and None not in namespaces,
            label,
            f"objects are not all in one namespace: {sorted(map(str, namespaces))}",
        )

    connections = {
        name: int(env.get("FORMALIZA_DB_POOL_SIZE") or 10) * max_replicas.get(name, 1)
        for name, env in component_env.items()
    }
    report.note(
        f"{label}: PostgreSQL connections at most "
        + ", ".join(f"{n} {c}" for n, c in connections.items())
        + f" (total {sum(connections.values())})"
    )


def check_metrics_listener(
    label: str,
    deployment: dict,
    env: dict[str, str],
    services: dict[str, dict],
    ingresses: dict[str, dict],
    report: Report,
) -> None:
    """The gateway's /metrics: on a port of its own, declared and scraped, and in no Service
    that an Ingress sends traffic to (the Ingress routes every path, so a Service port to the
    metrics listener would publish it)."""
    where = f"{label}: Deployment/gateway"
    template = deployment["spec"]["template"]
    main = [c for c in template["spec"]["containers"] if c["name"] == "gateway"]
    if not main:
        return
    bind = env.get("FORMALIZA_METRICS_BIND", "")
    port = bind_port(bind)
    public = bind_port(env.get("FORMALIZA_BIND", ""))
    if not report.check(
        port is not None and port != public,
        where,
        f"FORMALIZA_METRICS_BIND={bind or '(unset)'}: the metrics listener needs the pod's "
        f"address (0.0.0.0) and a port of its own, apart from the public {public}",
    ):
        return
    declared = [p for p in main[0].get("ports") or [] if p.get("containerPort") == port]
    report.check(
        bool(declared),
        where,
        f"the metrics port {port} (FORMALIZA_METRICS_BIND) is not a declared container port",
    )
    annotations = template["metadata"].get("annotations") or {}
    report.check(
        annotations.get("prometheus.io/scrape") == "true"
        and annotations.get("prometheus.io/port") == str(port),
        where,
        f"the pod template's prometheus.io/scrape and prometheus.io/port annotations do not "
        f"name the metrics port {port}",
    )
    metrics_targets = {port} | {p["name"] for p in declared if "name" in p}
    routed = set()
    for ingress in ingresses.values():
        backends = [ingress["spec"].get("defaultBackend") or {}]
        for rule in ingress["spec"].get("rules") or []:
            backends += [p["backend"] for p in (rule.get("http") or {}).get("paths") or []]
        routed |= {(b.get("service") or {}).get("name") for b in backends} - {None}
    for name in sorted(routed):
        for service_port in (services.get(name) or {}).get("spec", {}).get("ports") or []:
            target = service_port.get("targetPort", service_port["port"])
            report.check(
                target not in metrics_targets,
                f"{label}: Service/{name}",
                f"port {service_port['port']} reaches the gateway's metrics port ({target}), "
                "and an Ingress routes to this Service: the metrics would be public",
            )


def check(context: Path, kubectl: Path, image: Image, report: Report) -> None:
    k8s = context / "deploy/k8s"
    renders = [("deploy/k8s/base", k8s / "base", False)]
    renders += [
        (f"deploy/k8s/overlays/{d.name}", d, True)
        for d in sorted((k8s / "overlays").iterdir())
        if (d / "kustomization.yaml").exists()
    ]
    for label, directory, deployable in renders:
        objects = render(kubectl, directory, label, report)
        if objects is None:
            continue
        validate_schemas(objects, label, report)
        check_rendered(objects, label, image, deployable, report)
        report.note(f"{label}: {len(objects)} objects")
