"""Issue 19: NotificationTemplateCatalog through the real CLI — a directory of files as one resource.

One stack for the whole life cycle (each step is a real `pulumi` run, so the steps share it to keep the suite
short): adoption, create, no-op preview, an edited file (exactly one write), a renamed file, a deleted file,
refresh after changes made outside Pulumi, and bad file names and bad contents refused at preview.
"""

from __future__ import annotations

import random
import re
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from pingone_notifications.testing import EmulatorProcess, PulumiStack

from .harness import Harness, changes, kill_run

CATALOG = {
    "strong_authentication/en.sms.txt": "Your Acme code is ${otp}\n",
    "strong_authentication/fr-CA.sms.txt": "Votre code Acme est ${otp}\n",
    "strong_authentication/de.sms.txt": "Ihr Acme-Code lautet ${otp}\n",
    "strong_authentication/en.email.html": "Subject: Your Acme code\n\n<p>Your code is <b>${otp}</b></p>\n",
    "strong_authentication/en.voice.txt": "Your Acme code is ${otp}\n",
    "general/en.sms.txt": "Hello from Acme\n",
    "general/en.promo.sms.txt": "Spring offer from Acme\n",
}


def write_tree(root: Path, files: dict[str, str]) -> None:
    for old in sorted(root.rglob("*"), reverse=True):
        old.unlink() if old.is_file() else old.rmdir()
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")


def catalog(directory: Path, **args: Any) -> dict[str, Any]:
    return {"type": "NotificationTemplateCatalog", "name": "catalog", "args": {"directory": str(directory), **args}}


def marked_files(stdout: str) -> list[tuple[str, str]]:
    """The files the engine's `--diff` display marks as added (+), deleted (-) or changed (~)."""
    return re.findall(r"^\s*([~+-]) ([\w.-]+/[\w.-]+)\s*:", stdout, re.MULTILINE)


def methods(writes: list[tuple[str, str]]) -> Counter[str]:
    return Counter(method for method, _ in writes)


def test_catalog_life_cycle(h: Harness, tmp_path: Path) -> None:
    FILES = dict(CATALOG)  # noqa: N806 - edited step by step, as a translator would
    root = tmp_path / "catalog"
    root.mkdir()
    contents = h.path("/templates/general/contents")
    # in PingOne already: a different text for a file of the catalog, and an identical one (an interrupted run)
    stale = h.api.create(contents, {"locale": "en", "deliveryMethod": "SMS", "content": "Old"}, lookup=lambda: None)
    leftover = h.api.create(
        contents,
        {"locale": "en", "deliveryMethod": "SMS", "variant": "promo", "content": "Spring offer from Acme"},
        lookup=lambda: None,
    )
    write_tree(root, FILES)
    h.declare(catalog(root))

    # adoption: a different existing content is refused before anything is written, naming the file
    seq = h.emulator.last_seq()
    with pytest.raises(auto.CommandError) as err:
        h.stack.up()
    assert "general/en.sms.txt" in str(err.value)
    assert "adopt=True" in str(err.value)
    assert "Nothing was written" in str(err.value)
    assert h.writes_since(seq) == []

    # with adopt=True: the different one is overwritten in place, the identical one taken over without a write
    h.declare(catalog(root, adopt=True))
    seq = h.emulator.last_seq()
    up = h.stack.up()
    assert changes(up.summary.resource_changes) == {"create": 1}, "one resource for the whole catalog"
    assert methods(h.writes_since(seq)) == {"POST": 5, "PUT": 1}
    live = {
        (c["template"]["id"][:7], c["deliveryMethod"], c["locale"], c.get("variant")): c for c in h.custom_contents()
    }
    assert len(live) == len(FILES)
    assert live[("general", "SMS", "en", None)]["id"] == stale["id"]
    assert live[("general", "SMS", "en", None)]["content"] == "Hello from Acme"
    assert live[("general", "SMS", "en", "promo")]["id"] == leftover["id"]
    email = live[("strong_", "Email", "en", None)]
    assert (email["subject"], email["body"]) == ("Your Acme code", "<p>Your code is <b>${otp}</b></p>")
    assert live[("strong_", "SMS", "fr-CA", None)]["content"] == "Votre code Acme est ${otp}"
    state = h.stack.export()["resources"]
    [resource] = [r for r in state if r["type"].endswith("NotificationTemplateCatalog")]
    assert len(resource["outputs"]["contents"]) == len(FILES)

    # no-op preview: no change, no write, no call per content (only each template's definition is read)
    seq = h.emulator.last_seq()
    assert changes(h.stack.preview().change_summary) == {}
    calls = [
        (r["method"], r["path"].split("/v1")[-1]) for r in h.emulator.requests(seq) if "/as/token" not in r["path"]
    ]
    assert sorted(calls) == [("GET", h.path("/templates/general")), ("GET", h.path("/templates/strong_authentication"))]

    # one edited file: the diff names that file only, and the update makes exactly one write
    FILES["strong_authentication/de.sms.txt"] = "Ihr neuer Acme-Code: ${otp}\n"
    write_tree(root, FILES)
    preview = h.stack.preview(diff=True)
    assert changes(preview.change_summary) == {"update": 1}
    assert marked_files(preview.stdout) == [("~", "strong_authentication/de.sms.txt")], preview.stdout
    assert "+ Ihr neuer Acme-Code: ${otp}" in preview.stdout
    seq = h.emulator.last_seq()
    assert changes(h.stack.up().summary.resource_changes) == {"update": 1}
    writes = h.writes_since(seq)
    assert [m for m, _ in writes] == ["PUT"]
    assert writes[0][1].endswith(live[("strong_", "SMS", "de", None)]["id"])
    assert {c["id"]: c for c in h.custom_contents()}[live[("strong_", "SMS", "de", None)]["id"]]["content"] == (
        "Ihr neuer Acme-Code: ${otp}"
    )

    # a renamed file (another locale, as a translator hands it over): the old content is deleted, the new one created
    FILES["strong_authentication/nl.sms.txt"] = FILES.pop("strong_authentication/de.sms.txt")
    write_tree(root, FILES)
    seq = h.emulator.last_seq()
    h.stack.up()
    assert methods(h.writes_since(seq)) == {"DELETE": 1, "POST": 1}
    assert {c["locale"] for c in h.custom_contents() if c["deliveryMethod"] == "SMS"} == {"en", "fr-CA", "nl"}

    # a deleted file: its content is deleted (PingOne falls back to its default)
    del FILES["strong_authentication/en.voice.txt"]
    write_tree(root, FILES)
    seq = h.emulator.last_seq()
    h.stack.up()
    assert methods(h.writes_since(seq)) == {"DELETE": 1}
    assert [c for c in h.custom_contents() if c["deliveryMethod"] == "Voice"] == []

    # changed and deleted outside Pulumi: refresh reads it back (one list per template), the diff shows the live
    # text against the file's, and the next up writes back exactly those two
    fr = next(c for c in h.custom_contents() if c["locale"] == "fr-CA")
    h.api.put(h.path(f"/templates/strong_authentication/contents/{fr['id']}"),
              {"locale": "fr-CA", "deliveryMethod": "SMS", "content": "Modifié à la main ${otp}"})  # fmt: skip
    h.api.delete(h.path(f"/templates/general/contents/{stale['id']}"))
    seq = h.emulator.last_seq()
    assert h.stack.refresh().summary.resource_changes.get("update") == 1
    reads = [r for r in h.emulator.requests(seq) if "/as/token" not in r["path"]]
    assert sorted(r["path"].rsplit("/", 2)[-2] for r in reads) == ["general", "strong_authentication"]
    preview = h.stack.preview(diff=True)
    assert changes(preview.change_summary) == {"update": 1}
    assert marked_files(preview.stdout) == [("+", "general/en.sms.txt"), ("~", "strong_authentication/fr-CA.sms.txt")]
    assert "- Modifié à la main ${otp}" in preview.stdout
    seq = h.emulator.last_seq()
    h.stack.up()
    assert methods(h.writes_since(seq)) == {"PUT": 1, "POST": 1}
    assert sorted(c["content"] for c in h.custom_contents() if c["deliveryMethod"] == "SMS") == sorted(
        FILES[p].rstrip("\n") for p in FILES if p.endswith(".sms.txt")
    )
    with h.no_writes():
        assert changes(h.stack.preview().change_summary) == {}

    # bad file names and bad contents: all refused at one preview, each naming its file, nothing written
    bad = {
        **FILES,
        "strong_authentication/en.sms.text": "x",
        "nosuch_template/en.sms.txt": "x",
        "general/en-XX.sms.txt": "x",
        "general/en.fax.txt": "x",
        "README.md": "x",
        "strong_authentication/es.sms.txt": "Su código",
        "id_verification/en.sms.txt": "Hello ${greeting} ${verificationUrl}",
        "general/ru.sms.txt": "ж" * 68,
        "general/fr_CA.sms.txt": "Bonjour",
        "general/fr-ca.sms.txt": "Bonjour",
        "strong_authentication/en.push.txt": "no title",
    }
    write_tree(root, bad)
    with h.no_writes(), pytest.raises(auto.CommandError) as err:
        h.stack.preview()
    text = str(err.value)
    assert "NotificationTemplateCatalog resource 'catalog' has a problem" in text, text[-3000:]
    for path, words in [
        ("strong_authentication/en.sms.text", "SMS files end in .txt"),
        ("nosuch_template/en.sms.txt", "is not a template name"),
        ("general/en-XX.sms.txt", "not a valid locale"),
        ("general/en.fax.txt", "is not a delivery method"),
        ("README.md", "not laid out as"),
        ("strong_authentication/es.sms.txt", "requires ${otp}"),
        ("id_verification/en.sms.txt", "does not allow ${greeting}"),
        ("general/ru.sms.txt", "UCS-2"),
        ("general/fr_CA.sms.txt", "declares the same content as general/fr-ca.sms.txt"),
        ("strong_authentication/en.push.txt", "needs title"),
    ]:
        assert f"file {path}: " in text, (path, text[-3000:])
        assert words in text, (path, words, text[-3000:])
    assert "Traceback" not in text

    # destroy: every content it manages is deleted, nothing else
    write_tree(root, FILES)
    seq = h.emulator.last_seq()
    h.declare()
    assert changes(h.stack.up().summary.resource_changes) == {"delete": 1}
    assert methods(h.writes_since(seq)) == {"DELETE": len(FILES)}
    assert h.custom_contents() == []


def kill_mid_run(stack: PulumiStack, emulator: EmulatorProcess, after_writes: int) -> int:
    """A typed `pulumi up` in its own process group, SIGKILLed as a whole (CLI, language host, program, provider)
    once the emulator has seen ``after_writes`` writes: like a lost CI runner, nothing gets to clean up."""
    seq = emulator.last_seq()
    argv, env = stack.typed("up", "--yes", "--skip-preview")
    runner = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 120
    writes: list[dict[str, Any]] = []
    while time.monotonic() < deadline and runner.poll() is None and len(writes) < after_writes:
        writes = [r for r in emulator.requests(seq) if r["method"] != "GET" and "/as/token" not in r["path"]]
        time.sleep(0.02)
    assert runner.poll() is None, "the run was still going when killed"
    kill_run(runner)
    return len(writes)


@pytest.mark.parametrize("seed", [7])
def test_catalog_killed_mid_create_and_mid_update_converges(h: Harness, tmp_path: Path, seed: int) -> None:
    """kill -9 during the catalog's create, then during an update of every file: after the documented recovery
    (README, "Interrupted runs") and one `up`, PingOne holds exactly the catalog's contents (0 duplicates,
    0 orphans) with the files' texts, and the state records exactly those IDs."""
    rng = random.Random(seed)
    root = tmp_path / "catalog"
    root.mkdir()
    files = {f"general/en.v{i:02}.sms.txt": f"Message {i}\n" for i in range(30)}
    write_tree(root, files)
    h.declare(catalog(root))

    def converged() -> None:
        live = h.custom_contents()
        keys = [(c["locale"], c["variant"]) for c in live]
        assert len(keys) == len(set(keys)), "no duplicate contents"
        assert sorted(c["content"] for c in live) == sorted(t.rstrip("\n") for t in files.values())
        [resource] = [r for r in h.stack.export()["resources"] if r["type"].endswith("NotificationTemplateCatalog")]
        assert {c["id"] for c in resource["outputs"]["contents"].values()} == {c["id"] for c in live}, "no orphans"
        with h.no_writes():
            assert changes(h.stack.preview().change_summary) == {}

    h.emulator.set_faults(latency_ms=300)  # slow enough that the kill lands mid-run
    try:
        kill_mid_run(h.stack, h.emulator, rng.randint(3, 20))
    finally:
        h.emulator.clear_faults()
    assert 0 < len(h.custom_contents()) < len(files), "the create was cut off half-way"
    h.stack.recover()
    h.stack.up()
    converged()

    files = {path: f"Changed {text}" for path, text in files.items()}
    write_tree(root, files)
    h.emulator.set_faults(latency_ms=300)
    try:
        kill_mid_run(h.stack, h.emulator, rng.randint(3, 20))
    finally:
        h.emulator.clear_faults()
    h.stack.recover()
    h.stack.up()
    converged()
