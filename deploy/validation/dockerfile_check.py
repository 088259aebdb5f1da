"""deploy/Dockerfile and .dockerignore: stages, what is built, what is copied, who runs it."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import dockerfile

from common import COMPONENTS, Report, workspace_binaries


@dataclass
class Image:
    """What the runtime image holds, for the compose and Kubernetes checks."""

    executables: set[str] = field(default_factory=set)  # names on the PATH (/usr/local/bin)
    user: str | None = None


def ignore_patterns(path: Path) -> list[tuple[bool, re.Pattern[str]]]:
    """The .dockerignore rules as (negated, regex), in file order."""
    rules = []
    if not path.exists():
        return rules
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line.lstrip("!").strip("/")
        regex = ""
        i = 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                regex += "(?:.*/)?"
                i += 3
            elif pattern.startswith("**", i):
                regex += ".*"
                i += 2
            elif pattern[i] == "*":
                regex += "[^/]*"
                i += 1
            elif pattern[i] == "?":
                regex += "[^/]"
                i += 1
            else:
                regex += re.escape(pattern[i])
                i += 1
        rules.append((negated, re.compile(regex + "(?:/.*)?")))
    return rules


def ignored(rules: list[tuple[bool, re.Pattern[str]]], relative: str) -> bool:
    excluded = False
    for negated, regex in rules:
        if regex.fullmatch(relative.strip("/")):
            excluded = not negated
    return excluded


def check(context: Path, repo: Path, report: Report) -> Image:
    """`context` holds deploy/ and .dockerignore (a copy, in the self-test); `repo` the crates."""
    where = "deploy/Dockerfile"
    image = Image()
    try:
        commands = dockerfile.parse_file(str(context / "deploy/Dockerfile"))
    except dockerfile.GoParseError as e:
        report.fail(where, f"does not parse: {e}")
        return image

    stages: list[tuple[str, str, list]] = []  # (name, base image, commands)
    for command in commands:
        if command.cmd == "FROM":
            words = list(command.value)
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            report.check(
                name is not None,
                where,
                f"line {command.start_line}: unnamed stage "
                f"(FROM {' '.join(words)}): name every stage with AS",
            )
            report.check(
                name not in [s[0] for s in stages],
                where,
                f"line {command.start_line}: stage {name} named twice",
            )
            stages.append((name or f"#{len(stages)}", words[0], []))
        elif not stages:
            report.check(
                command.cmd == "ARG",
                where,
                f"line {command.start_line}: {command.cmd} before the first FROM",
            )
        else:
            stages[-1][2].append(command)
    if not report.check(len(stages) >= 2, where, "expected a build stage and a runtime stage"):
        return image

    # The build: cargo build --release --locked -p …, the binaries copied out of the cache mount.
    workspace = workspace_binaries(repo)
    wanted = {c.binary for c in COMPONENTS.values()}
    built: set[str] = set()
    staged: dict[str, str] = {}  # stage name -> directory the binaries were copied to
    staged_files: dict[str, set[str]] = {}
    for name, base, body in stages[:-1]:
        for command in body:
            if command.cmd != "RUN" or "cargo build" not in " ".join(command.value):
                continue
            script = " ".join(command.value)
            line = f"line {command.start_line}"
            mounts = " ".join(f for f in command.flags if f.startswith("--mount="))
            report.check(
                "--release" in script and "--locked" in script,
                where,
                f"{line}: cargo build needs --release --locked",
            )
            for target in ("/usr/local/cargo/registry", "/target"):
                report.check(
                    "type=cache" in mounts and target in mounts,
                    where,
                    f"{line}: no BuildKit cache mount for {target}",
                )
            segments = [shlex.split(part) for part in re.split(r"&&|\|\||;", script)]
            for words in segments:
                if words[:2] == ["cargo", "build"]:
                    packages = {b for a, b in zip(words, words[1:]) if a in ("-p", "--package")}
                    built |= packages
                    for package in sorted(packages - workspace):
                        report.fail(
                            where,
                            f"{line}: -p {package} is not a binary package " "of the workspace",
                        )
                # cp target/release/<bin> … <dir>/ in the same step (target/ is a cache mount).
                elif words[:1] == ["cp"] and len(words) > 2:
                    copied = {
                        w.removeprefix("target/release/")
                        for w in words[1:-1]
                        if w.startswith("target/release/")
                    }
                    if copied:
                        staged[name] = words[-1].rstrip("/")
                        staged_files.setdefault(name, set()).update(copied)
    for binary in sorted(wanted - built):
        report.fail(where, f"{binary} is not built (cargo build -p {binary})")
    for name, files in staged_files.items():
        for binary in sorted(built - files):
            report.fail(where, f"{binary} is built but not copied out of target/ in stage {name}")

    # The runtime stage: what it copies, from where, and who runs it.
    rules = ignore_patterns(context / ".dockerignore")
    names = [s[0] for s in stages]
    runtime_name, runtime_base, runtime = stages[-1]
    report.check(
        runtime_base.startswith(("debian:bookworm-slim", "gcr.io/distroless/cc")),
        where,
        f"runtime stage {runtime_name} is based on {runtime_base}, "
        "expected debian:bookworm-slim or gcr.io/distroless/cc",
    )
    for index, (name, _, body) in enumerate(stages):
        for command in body:
            if command.cmd not in ("COPY", "ADD"):
                continue
            line = f"line {command.start_line}"
            flags = dict(f.lstrip("-").split("=", 1) for f in command.flags if "=" in f)
            sources, destination = list(command.value[:-1]), command.value[-1]
            source_stage = flags.get("from")
            if source_stage is not None:
                if not report.check(
                    source_stage in names[:index],
                    where,
                    f"{line}: COPY --from={source_stage}: no earlier stage of that name",
                ):
                    continue
                if index == len(stages) - 1 and source_stage in staged:
                    copied = {
                        Path(s).name for s in sources if str(Path(s).parent) == staged[source_stage]
                    }
                    for binary in sorted(built - copied):
                        report.fail(
                            where, f"{line}: {binary} is built but not copied into the image"
                        )
                    for extra in sorted(copied - built):
                        report.fail(where, f"{line}: {extra} is copied but never built")
                    if destination.rstrip("/") == "/usr/local/bin":
                        image.executables |= copied
                continue
            for source in sources:
                if source == ".":
                    continue
                exists = (context / source).exists()
                report.check(exists, where, f"{line}: COPY {source}: no such file in the context")
                report.check(
                    not (exists and ignored(rules, source)),
                    where,
                    f"{line}: COPY {source}: excluded by .dockerignore",
                )
                if index == len(stages) - 1 and destination.startswith("/usr/local/bin/"):
                    image.executables.add(Path(destination).name)
    for command in runtime:
        if command.cmd == "USER":
            image.user = command.value[0]
    report.check(
        image.user is not None and image.user.split(":")[0] not in ("0", "root"),
        where,
        f"the runtime stage must end as a non-root USER (found {image.user})",
    )
    cmd = [c for c in runtime if c.cmd in ("CMD", "ENTRYPOINT")]
    if report.check(bool(cmd), where, "the runtime stage has no CMD"):
        report.check(
            cmd[-1].json and cmd[-1].value[0] in image.executables,
            where,
            f"CMD {list(cmd[-1].value)} does not run a binary of the image (exec form)",
        )

    # The context: built from the repository root, without target/, data/ or .git.
    where = ".dockerignore"
    for path in (".git/HEAD", "target/release/formaliza-gateway", "data/members.sqlite"):
        report.check(ignored(rules, path), where, f"{path.split('/')[0]}/ is not excluded")
    needed = ["Cargo.toml", "Cargo.lock", "openapi/formaliza.json", "deploy/docker/http-probe"]
    import tomllib

    for member in tomllib.loads((repo / "Cargo.toml").read_text())["workspace"]["members"]:
        needed += [f"{member}/Cargo.toml", f"{member}/src/lib.rs"]
    for path in needed:
        report.check(not ignored(rules, path), where, f"{path} is excluded but the build needs it")
    return image
