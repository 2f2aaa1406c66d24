"""Turning a language spec into a `Language` with absolute, real tool paths (never a shim or a proxy)."""

import os
import shutil
import subprocess
from pathlib import Path

from domain.languages.commands import render
from domain.languages.entities import Language, LanguageSpec, ToolSpec

_PROBE_TIMEOUT_S = 20
_SYSTEM_PREFIXES = ("/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/")


def _find(candidate: str) -> str | None:
    if os.sep in candidate:
        return candidate if os.access(candidate, os.X_OK) else None
    return shutil.which(candidate)


def _resolve_tool(tool: ToolSpec) -> str | None:
    for candidate in tool.candidates:
        found = _find(candidate)
        if found is None:
            continue
        if tool.resolve:
            try:
                probe = subprocess.run(
                    [found, *tool.resolve], capture_output=True, text=True, timeout=_PROBE_TIMEOUT_S
                )
            except (OSError, subprocess.TimeoutExpired):
                continue
            lines = probe.stdout.strip().splitlines()
            if probe.returncode != 0 or not lines:
                continue
            found = lines[0].strip() + tool.resolve_suffix
        real = os.path.realpath(found)
        if os.path.isfile(real) and os.access(real, os.X_OK):
            return real
    return None


def resolve_language(spec: LanguageSpec) -> Language | None:
    """The language as available on this machine, or None when a tool is missing or does not run."""
    tools: dict[str, str] = {}
    for tool in spec.tools:
        path = _resolve_tool(tool)
        if path is None:
            return None
        tools[tool.name] = path
    argv = render(spec.version, tools=tools)
    try:
        probe = subprocess.run(argv, capture_output=True, text=True, timeout=_PROBE_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if probe.returncode != 0:
        return None
    lines = [line.strip() for line in (probe.stdout + "\n" + probe.stderr).splitlines() if line.strip()]
    return Language(id=spec.id, name=spec.name, version=lines[0] if lines else "", tools=tools)


def toolchain_prefix(tool_path: str) -> str | None:
    """The directory tree a tool outside the system prefixes needs, e.g. a pyenv version or a rust sysroot.

    `<prefix>/bin/<tool>` gives `<prefix>`; None for tools under /usr and friends, which are always mounted.
    """
    if tool_path.startswith(_SYSTEM_PREFIXES):
        return None
    path = Path(tool_path)
    return str(path.parent.parent if path.parent.name == "bin" else path.parent)
