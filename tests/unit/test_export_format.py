"""Issue 18: the exporter writes code as `ruff format` would, and its CLI refuses bad input before reading."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingone_notifications import cli
from pingone_notifications.export.pyformat import Call, Code, layout, py_string

RUFF = shutil.which("ruff")
KEYS = st.sampled_from(["type", "delivery_methods", "fallback_chain", "countries", "a", "long_key_name_here"])
ATOMS = st.one_of(
    # assigned characters (unassigned code points have no agreed column width)
    st.text(st.characters(blacklist_categories=("Cn", "Co", "Cs")), max_size=40),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.sampled_from([Code("gateway.id"), Code('config.require_secret("x")'), Code('text("a.txt")')]),
)
VALUES = st.recursive(
    ATOMS,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)


def ruff_format(source: str) -> str:
    assert RUFF, "ruff is a dev dependency (make setup installs it)"
    result = subprocess.run([RUFF, "format", "--isolated", "-"], input=source, capture_output=True, text=True,
                            check=True)  # fmt: skip
    return result.stdout


@settings(max_examples=40, deadline=None)
@given(kwargs=st.lists(st.tuples(st.sampled_from(["name", "quotas", "requests", "opts", "body"]), VALUES),
                       min_size=1, max_size=4, unique_by=lambda kv: kv[0]))  # fmt: skip
def test_layout_is_what_ruff_format_writes(kwargs: list[tuple[str, Any]]) -> None:
    source = layout(Call("Resource", ("logical-name",), kwargs), 0, "variable = ") + "\n"
    assert ruff_format(source) == source


def test_strings_keep_their_bytes() -> None:
    for value in ['say "hi"', "it's", "both ' and \"", "tab\tnew\nline\r\\", "\x00\x7f", "ünïcødé — ©"]:
        assert eval(py_string(value)) == value  # noqa: S307 - the point: it reads back as the same string


def test_export_refuses_a_bad_environment_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli.main(["export", "--environment", "prod=not-an-id", "--out", str(tmp_path / "x")]) == 2
    assert "'not-an-id' is not a PingOne environment ID" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_export_refuses_a_non_empty_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    env = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    assert cli.main(["export", "--environment", env, "--out", str(tmp_path)]) == 2
    assert "is not an empty directory (nothing was written)" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_export_refuses_the_same_stack_twice(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    env = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    args = ["export", "--environment", f"dev={env}", "--environment", f"dev={env}", "--out", str(tmp_path / "o")]
    assert cli.main(args) == 2
    assert "'dev' is not a new stack name" in capsys.readouterr().err


def test_export_takes_the_connection_from_a_stack_config_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("PINGONE_REGION_CODE", "PINGONE_ENVIRONMENT_ID", "PINGONE_CLIENT_ID", "PINGONE_CLIENT_SECRET"):
        monkeypatch.delenv(var, raising=False)
    stack = tmp_path / "Pulumi.prod.yaml"
    stack.write_text(
        "config:\n  pingone:regionCode: EU\n  pingone:environmentId: 3f2504e0-4f89-41d3-9a0c-0305e82c3301\n"
        "  pingone:clientId: app\n  pingone:clientSecret:\n    secure: v1:abc\n"
    )
    env = "3f2504e0-4f89-41d3-9a0c-0305e82c3302"
    args = ["export", "--environment", env, "--out", str(tmp_path / "o"), "--stack-config", str(stack)]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "client_secret is not set" in err, "the encrypted secret is not guessed: it is asked for"
    assert "region_code" not in err, "the rest came from the file"
    assert not (tmp_path / "o").exists()
