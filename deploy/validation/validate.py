"""Checks the deployment files, then breaks copies of them to show the checks catch it.

Run through `bash deploy/validate`, which installs the tools this needs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import compose_check
import dockerfile_check
import k8s_check
from common import Report

REPO = Path(__file__).resolve().parents[2]

# (what is broken, file, text, replacement, a phrase the failure must contain). Each one is
# applied alone to a copy of deploy/ and .dockerignore; the checks must then fail, for that reason.
# fmt: off
MUTATIONS = [
    ('misspelled Deployment field', 'deploy/k8s/base/members.yaml',
     'readinessProbe:',
     'readinesProbe:', 'Additional properties are not allowed'),
    ('liveness probe on the wrong path', 'deploy/k8s/base/trainings.yaml',
     'path: /healthz',
     'path: /health', 'livenessProbe is not GET /healthz'),
    ('no memory limit', 'deploy/k8s/base/members.yaml',
     '              memory: 256Mi\n',
     '', 'no limits.memory'),
    ('writable root filesystem', 'deploy/k8s/base/social-protection.yaml',
     'readOnlyRootFilesystem: true',
     'readOnlyRootFilesystem: false', 'readOnlyRootFilesystem'),
    ('Service aiming at an undeclared port', 'deploy/k8s/base/social-protection.yaml',
     '      targetPort: http',
     '      targetPort: metrics', 'targetPort metrics'),
    ('autoscaler for a missing Deployment', 'deploy/k8s/base/members.yaml',
     '    kind: Deployment\n    name: members',
     '    kind: Deployment\n    name: member', 'which does not exist'),
    ('env referring to a missing ConfigMap key', 'deploy/k8s/base/kustomization.yaml',
     '      - FORMALIZA_JWKS_URL=http://gateway:8080/.well-known/jwks.json\n',
     '', 'has no key FORMALIZA_JWKS_URL'),
    ('URL of the wrong Service port', 'deploy/k8s/base/kustomization.yaml',
     'FORMALIZA_MEMBERS_URL=http://members:8081',
     'FORMALIZA_MEMBERS_URL=http://members:8080', 'does not reach the members Service'),
    ('Ingress to a service other than the gateway', 'deploy/k8s/base/ingress.yaml',
     '                name: gateway',
     '                name: members', 'is not the gateway Service'),
    ('real-looking secret in the base', 'deploy/k8s/base/kustomization.yaml',
     'pseudonym-secret=REPLACE_ME',
     'pseudonym-secret=correct-horse-battery', 'never commit'),
    ('replicated gateway without Redis', 'deploy/k8s/overlays/example/kustomization.yaml',
     '      - FORMALIZA_REDIS_URL=redis://redis.formaliza-infra.svc.cluster.local:6379/\n',
     '', 'without FORMALIZA_REDIS_URL'),
    ('overlay patch file missing', 'deploy/k8s/overlays/example/kustomization.yaml',
     '  - path: ingress.yaml',
     '  - path: ingres.yaml', 'kustomize failed'),
    ('metrics port in the Service the Ingress targets', 'deploy/k8s/base/gateway.yaml',
     '      targetPort: http\n---\napiVersion: policy/v1',
     '      targetPort: http\n    - name: metrics\n      port: 9464\n      targetPort: metrics\n'
     '---\napiVersion: policy/v1', 'the metrics would be public'),
    ('metrics on the public port', 'deploy/k8s/base/gateway.yaml',
     'value: "0.0.0.0:9464"',
     'value: "0.0.0.0:8080"', 'FORMALIZA_METRICS_BIND=0.0.0.0:8080'),
    ('metrics not scraped', 'deploy/k8s/base/gateway.yaml',
     'prometheus.io/port: "9464"',
     'prometheus.io/port: "8080"', 'prometheus.io/port annotations'),
    ('compose metrics published to the network', 'deploy/compose/compose.yaml',
     '"127.0.0.1:9464:9464"',
     '"9464:9464"', 'nothing else on every address'),
    ('misspelled compose key', 'deploy/compose/compose.yaml',
     '    healthcheck:\n      test: ["CMD", "http-probe", "8081"',
     '    healtcheck:\n      test: ["CMD", "http-probe", "8081"', 'docker compose config failed'),
    ('compose service without a required variable', 'deploy/compose/compose.yaml',
     '      # Bus events pseudonymise members with it: the same secret as the other services.\n'
     '      FORMALIZA_PSEUDONYM_SECRET: ${FORMALIZA_PSEUDONYM_SECRET:?set FORMALIZA_PSEUDONYM_SECRET in deploy/compose/.env}\n',
     '', 'FORMALIZA_PSEUDONYM_SECRET is not set'),
    # The gateway's (social-protection names trainings too, for the programme indicators).
    ('compose URL to the wrong port', 'deploy/compose/compose.yaml',
     'FORMALIZA_TRAININGS_URL: http://trainings:8082\n      FORMALIZA_SOCIAL_PROTECTION_URL',
     'FORMALIZA_TRAININGS_URL: http://trainings:8081\n      FORMALIZA_SOCIAL_PROTECTION_URL',
     'does not reach trainings'),
    ('database not created by the init script', 'deploy/compose/init-databases.sql',
     'CREATE DATABASE trainings;\n',
     '', 'database trainings is not created'),
    ('password committed in .env.example', 'deploy/compose/.env.example',
     '\nPOSTGRES_PASSWORD=\n',
     '\nPOSTGRES_PASSWORD=s3cret\n', 'holds a value'),
    ('secret with a silent default in compose', 'deploy/compose/compose.yaml',
     'other services.\n      FORMALIZA_PSEUDONYM_SECRET: ${FORMALIZA_PSEUDONYM_SECRET:?set FORMALIZA_PSEUDONYM_SECRET in deploy/compose/.env}',
     'other services.\n      FORMALIZA_PSEUDONYM_SECRET: ${FORMALIZA_PSEUDONYM_SECRET:-dev}', 'does not require FORMALIZA_PSEUDONYM_SECRET'),
    ('COPY --from an unknown stage', 'deploy/Dockerfile',
     'COPY --from=build ',
     'COPY --from=builder ', 'no earlier stage'),
    ('binary built but left out of the image', 'deploy/Dockerfile',
     ' /out/formaliza-trainings /',
     ' /', 'formaliza-trainings is built but not copied into the image'),
    ('target/ sent to the build context', '.dockerignore',
     '\ntarget\n',
     '\n', 'target/ is not excluded'),
]
# fmt: on


def run_checks(context: Path, tools: Path, report: Report) -> None:
    image = dockerfile_check.check(context, REPO, report)
    compose_check.check(context, tools / "bin/docker-compose", image, report)
    k8s_check.check(context, tools / "bin/kubectl", image, report)


def shellcheck(tools: Path, report: Report) -> None:
    scripts = ["deploy/validate", "deploy/docker/http-probe"]
    result = subprocess.run(
        [str(tools / "bin/shellcheck"), *scripts], cwd=REPO, capture_output=True, text=True
    )
    report.check(result.returncode == 0, "shellcheck", result.stdout.strip())


def copy_context(destination: Path) -> None:
    shutil.copytree(
        REPO / "deploy",
        destination / "deploy",
        ignore=shutil.ignore_patterns("standalone", "__pycache__", ".env"),
    )
    shutil.copy(REPO / ".dockerignore", destination / ".dockerignore")


def self_test(tools: Path) -> list[str]:
    """Every mutation must make the checks fail with its phrase; returns what did not."""
    missed = []
    for description, path, text, replacement, phrase in MUTATIONS:
        with tempfile.TemporaryDirectory() as directory:
            context = Path(directory)
            copy_context(context)
            target = context / path
            original = target.read_text()
            if original.count(text) != 1:
                missed.append(
                    f"{description}: the text to break occurs {original.count(text)} "
                    f"times in {path} (update MUTATIONS)"
                )
                continue
            target.write_text(original.replace(text, replacement))
            report = Report()
            run_checks(context, tools, report)
            caught = [p for p in report.problems if phrase in p]
            if caught:
                print(f"  caught {description}: {' '.join(caught[0].split())[:160]}")
            else:
                missed.append(
                    f"{description}: not caught (expected {phrase!r}; "
                    f"got {report.problems or 'no problem'})"
                )
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tools", type=Path, required=True, help="virtualenv with the tools")
    parser.add_argument(
        "--no-self-test", action="store_true", help="skip breaking copies of the files on purpose"
    )
    args = parser.parse_args()
    started = time.monotonic()

    print(
        "== deploy: Dockerfile, compose, Kubernetes "
        f"(schemas {', '.join(k8s_check.KUBERNETES_VERSIONS)}, strict)"
    )
    report = Report()
    run_checks(REPO, args.tools, report)
    shellcheck(args.tools, report)
    for note in report.notes:
        print(f"  {note}")
    for problem in report.problems:
        print(f"FAIL {problem}")
    if report.problems:
        print(f"deploy: {len(report.problems)} problem(s)")
        return 1
    print("  no problem found")

    if not args.no_self_test:
        print(f"== deploy: self-test, {len(MUTATIONS)} broken copies must each fail")
        missed = self_test(args.tools)
        for miss in missed:
            print(f"FAIL self-test: {miss}")
        if missed:
            return 1
    print(f"deploy: valid ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
