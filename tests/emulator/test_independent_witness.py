"""The emulator and the provider are two independent witnesses of the PingOne API.

Issue 16 ("Design: two independent witnesses"): if the emulator imported the provider's rules, a wrong rule
would be wrong in both and no test could see it. The emulator models PingOne from the documents on its own;
shared *data* (the OpenAPI document, ISO tables) is fine, shared code is not.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pingone_emulator

EMULATOR_DIR = Path(pingone_emulator.__file__).parent
PROVIDER_PACKAGE = "pingone_notifications"


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_no_emulator_module_imports_the_provider_package() -> None:
    modules = sorted(EMULATOR_DIR.rglob("*.py"))
    assert len(modules) > 10, "the emulator's modules were not found"
    offenders = {
        str(m.relative_to(EMULATOR_DIR)): name
        for m in modules
        for name in _imports(m)
        if name == PROVIDER_PACKAGE or name.startswith(PROVIDER_PACKAGE + ".")
    }
    assert offenders == {}, f"emulator modules import the provider package: {offenders}"


def test_importing_and_building_the_emulator_loads_no_provider_code() -> None:
    # Catches indirect imports (importlib, __import__) that the source scan above cannot see.
    code = (
        "import sys, pingone_emulator.app as a, pingone_emulator.cli, pingone_emulator.send\n"
        "a.build(':memory:')\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] == {PROVIDER_PACKAGE!r})\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
