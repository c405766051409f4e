"""Offline testing helpers: run the local PingOne emulator and drive Pulumi programs with the real CLI.

For your own stacks' tests::

    from pingone_notifications.testing import EmulatorProcess, PulumiStack

    with EmulatorProcess.start() as emulator:
        env = emulator.add_environment(region="EU", env_type="PRODUCTION")
        app = emulator.add_worker_app(env["id"])
        with PulumiStack.for_project("path/to/project", "test", config=emulator.stack_config(app)) as stack:
            stack.up()
            assert stack.preview().change_summary.get("same")

:class:`PulumiStack` runs the project as an Automation API *local* program: the ``pulumi`` CLI on ``PATH`` (or
``$PULUMI_BIN_DIR``) starts the python language host, which runs the project's ``__main__.py`` in the project's
virtualenv (or the virtualenv running the test), exactly as a typed ``pulumi up`` does; state lives on a file
backend with a passphrase secrets provider in a temporary directory. :meth:`PulumiStack.cli` types any other
``pulumi`` command against the same stack.
"""

from __future__ import annotations

from .emulator import EmulatorProcess
from .pulumi_cli import pulumi_bin_dir, user_environment
from .stack import PulumiStack

__all__ = ["EmulatorProcess", "PulumiStack", "pulumi_bin_dir", "user_environment"]
