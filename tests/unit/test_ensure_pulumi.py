"""scripts/ensure-pulumi.sh: which `pulumi` a user's machine gets (issue 15, toolchain).

A `pulumi` already on PATH is used when its version is supported (the pinned one up to, not including, 4) and the
python language host and dynamic-provider shim sit beside it; otherwise the project's own build (the cache). The
`pulumi` programs here only answer `pulumi version`: what is tested is the choice, not the CLI (the engine tests
run the real one).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pingone_notifications.testing import pulumi_bin_dir

ROOT = Path(__file__).resolve().parents[2]
PINNED = (ROOT / "toolchain" / "PULUMI_VERSION").read_text().strip()


def fake_pulumi(directory: Path, version: str, plugins: tuple[str, ...]) -> Path:
    directory.mkdir(parents=True)
    (directory / "pulumi").write_text(f"#!/bin/sh\necho v{version}\n")
    for name in ("pulumi", *plugins):
        path = directory / name
        if not path.exists():
            path.write_text("#!/bin/sh\nexit 0\n")
        path.chmod(0o755)
    return directory


def chosen(tmp_path: Path, version: str, plugins: tuple[str, ...]) -> tuple[str, str]:
    onpath = fake_pulumi(tmp_path / "user-bin", version, plugins)
    # the project's cache stays where it is (complete), so "not used" falls back to it without a build
    cache = pulumi_bin_dir().parents[2]
    env = {**os.environ, "PATH": f"{onpath}{os.pathsep}/usr/bin:/bin", "PINGONE_TOOLCHAIN_CACHE": str(cache)}
    done = subprocess.run(["bash", str(ROOT / "scripts" / "ensure-pulumi.sh")], env=env, capture_output=True,
                          text=True, check=True, timeout=300)  # fmt: skip
    return done.stdout.strip().splitlines()[-1], done.stderr


BOTH = ("pulumi-language-python", "pulumi-resource-pulumi-python")


@pytest.mark.parametrize("version", [PINNED, "3.300.1"])
def test_a_supported_pulumi_on_path_is_used(tmp_path: Path, version: str) -> None:
    used, said = chosen(tmp_path, version, BOTH)
    assert used == str(tmp_path / "user-bin")
    assert f"using pulumi v{version} from PATH" in said


@pytest.mark.parametrize(
    ("version", "plugins"),
    [("3.200.0", BOTH), ("4.0.0", BOTH), (PINNED, ("pulumi-resource-pulumi-python",)), ("not-a-version", BOTH)],
)
def test_an_unsupported_pulumi_on_path_is_passed_over_with_the_reason(
    tmp_path: Path, version: str, plugins: tuple[str, ...]
) -> None:
    used, said = chosen(tmp_path, version, plugins)
    assert used == str(pulumi_bin_dir()), "the project's own build"
    assert f"not using pulumi v{version} from PATH" in said
    assert f"supported are v{PINNED} up to v4 with pulumi-language-python" in said
