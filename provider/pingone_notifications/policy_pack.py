"""The policy pack as files in your own repo: ``pingone-notifications policy-pack DIR``.

``pulumi preview --policy-pack DIR`` runs a Python pack with the python language host, in the virtualenv its
``PulumiPolicy.yaml`` names (relative to DIR). This writes a pack whose virtualenv is the one this package is
installed in — your project's, with ``pingone-notifications[policy]`` — so the pack needs no install of its own and
always runs the rules of the version your program uses. The rules themselves live in
:mod:`pingone_notifications.policy_rules`; the pack's ``__main__.py`` only builds the ``PolicyPack``.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import version
from pathlib import Path

__all__ = ["PACK_MAIN", "default_virtualenv", "write_policy_pack"]

PACK_MAIN = '''"""The PingOne notifications policy pack: `pulumi preview --policy-pack policy`. Rules live in
pingone_notifications.policy_rules, where tests import them."""

from pulumi_policy import PolicyPack

from pingone_notifications.policy_rules import POLICIES

PolicyPack(name="pingone-notifications", policies=POLICIES)
'''

PACK_YAML = """# Written by `pingone-notifications policy-pack`. The pack runs in `virtualenv` (relative to this
# directory),
# which must have pingone-notifications[policy] installed.
runtime:
  name: python
  options:
    virtualenv: {virtualenv}
version: {version}
description: Guards for PingOne notification configuration (delivery mode, quotas, providers, secrets, templates).
"""


def default_virtualenv() -> Path | None:
    """The virtualenv this code runs in, if any."""
    return Path(sys.prefix) if sys.prefix != sys.base_prefix else None


def write_policy_pack(directory: Path, virtualenv: Path) -> list[Path]:
    """Write ``PulumiPolicy.yaml`` and ``__main__.py`` into ``directory``; return the files written."""
    if not (virtualenv / "bin" / "python").exists() and not (virtualenv / "Scripts" / "python.exe").exists():
        raise ValueError(f"{virtualenv} is not a virtualenv (no bin/python in it)")
    directory.mkdir(parents=True, exist_ok=True)
    relative = os.path.relpath(virtualenv.resolve(), directory.resolve())
    pack_yaml = PACK_YAML.format(virtualenv=relative, version=version("pingone-notifications"))
    files = {"PulumiPolicy.yaml": pack_yaml, "__main__.py": PACK_MAIN}
    written = []
    for name, text in files.items():
        (directory / name).write_text(text)
        written.append(directory / name)
    return written
