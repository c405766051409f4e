"""``pingone-notifications``: command-line tools.

    pingone-notifications send --dry-run --environment-id ENV --method SMS --phone +14155552671 \\
        --user-id USER --template strong_authentication --locale es-ES --var otp=123456 [--policy-id ID]
    pingone-notifications export --environment dev=ENV [--environment prod=ENV2] --out DIR [--include-defaults]
    pingone-notifications policy-pack DIR [--virtualenv VENV]    # write the policy pack into your repo

    pingone-notifications fleet check
    pingone-notifications fleet preview|up [--cwd PROJECT] [--stack NAME ...] [--jobs N] [-- PULUMI ARGS]

``fleet``: see :mod:`pingone_notifications.fleet`. For ``send``, connection settings come from the Terraform
provider's environment variables (``PINGONE_REGION_CODE``, ``PINGONE_ENVIRONMENT_ID``, ``PINGONE_CLIENT_ID``,
``PINGONE_CLIENT_SECRET``, ``PINGONE_API_URL``, ``PINGONE_AUTH_URL``) or the options of the same names.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

from . import fleet
from .config import Connection, resolve_connection
from .errors import PingOneError
from .notify import format_result, send

__all__ = ["connection_config", "main"]

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
STACK_RE = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="pingone-notifications", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("send", help="send (or dry-run) a test notification and show what was rendered")
    s.add_argument("--environment-id", required=True, help="the environment to send from")
    s.add_argument("--method", required=True, choices=["Email", "SMS", "Voice"])
    s.add_argument("--user-id", required=True)
    s.add_argument("--email")
    s.add_argument("--phone", help="E.164, e.g. +14155552671")
    s.add_argument("--template", default="general")
    s.add_argument("--variant")
    s.add_argument("--locale")
    s.add_argument("--var", action="append", default=[], metavar="NAME=VALUE", help="a template variable")
    s.add_argument("--policy-id", help="default: the environment's default policy")
    s.add_argument("--dry-run", action="store_true", help="render and check only; nothing is sent or counted")
    s.add_argument("--json", action="store_true", help="print the raw answer")
    for name in ("region-code", "worker-environment-id", "client-id", "api-url", "auth-url"):
        s.add_argument(f"--{name}")
    e = sub.add_parser(
        "export",
        help="write a Pulumi project that adopts the notification configuration of one or more environments",
    )
    e.add_argument(
        "--environment",
        action="append",
        required=True,
        metavar="[STACK=]ID",
        help="an environment to export (repeat for several: one program, one stack each)",
    )
    e.add_argument("--out", required=True, help="the directory to write the project into (new or empty)")
    e.add_argument("--project", default="notifications", help="the Pulumi project name (default: notifications)")
    e.add_argument("--include-defaults", action="store_true", help="also write arguments equal to PingOne's defaults")
    e.add_argument(
        "--stack-config",
        metavar="FILE",
        help="take the connection (pingone:regionCode, environmentId, clientId, apiUrl, authUrl) from a Pulumi "
        "stack config file, as the provider does; an encrypted clientSecret cannot be read: use PINGONE_CLIENT_SECRET",
    )
    for name in ("region-code", "worker-environment-id", "client-id", "api-url", "auth-url"):
        e.add_argument(f"--{name}")
    pack = sub.add_parser("policy-pack", help="write the policy pack into a directory of your repo")
    pack.add_argument("directory", type=Path, help="where to write it (then: pulumi preview --policy-pack DIR)")
    pack.add_argument("--virtualenv", type=Path, help="the virtualenv it runs in (default: this one)")
    fleet.add_parser(sub)
    ours, pulumi_args = fleet.split_pulumi_args(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(ours)
    if args.command == "fleet":
        return fleet.run_command(args, pulumi_args)
    if args.command == "export":
        return _export(args)
    if args.command == "policy-pack":
        return _policy_pack(args.directory, args.virtualenv)

    variables = dict(v.split("=", 1) for v in args.var if "=" in v)
    try:
        connection = _connection(args)
        result = send(
            connection,
            args.environment_id,
            delivery_method=args.method,
            user_id=args.user_id,
            email=args.email,
            phone=args.phone,
            template=args.template,
            variant=args.variant,
            locale=args.locale,
            variables=variables,
            policy_id=args.policy_id,
            dry_run=args.dry_run,
        )
    except PingOneError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2) if args.json else format_result(result))
    return 0


def _policy_pack(directory: Path, virtualenv: Path | None) -> int:
    from .policy_pack import default_virtualenv, write_policy_pack

    venv = virtualenv or default_virtualenv()
    if venv is None:
        print("error: not running in a virtualenv; pass --virtualenv with your project's", file=sys.stderr)
        return 2
    try:
        written = write_policy_pack(directory, venv)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {', '.join(str(p) for p in written)}; run: pulumi preview --policy-pack {directory}")
    return 0


def _connection(args: argparse.Namespace) -> Connection:
    override = {
        "region_code": args.region_code,
        "environment_id": args.worker_environment_id,
        "client_id": args.client_id,
        "api_url": args.api_url,
        "auth_url": args.auth_url,
    }
    config: dict[str, str] = {}
    if getattr(args, "stack_config", None):
        settings = yaml.safe_load(Path(args.stack_config).read_text()) or {}
        config = {
            k: str(v)
            for k, v in (settings.get("config") or {}).items()
            if k.startswith("pingone:") and not isinstance(v, dict)  # {secure: ...} is encrypted
        }
    return resolve_connection({k: v for k, v in override.items() if v}, config)


def _export(args: argparse.Namespace) -> int:
    from .client import PingOneClient
    from .export import export_environments

    environments: list[tuple[str, str]] = []
    for i, value in enumerate(args.environment):
        stack, _, env_id = value.rpartition("=")
        if not UUID_RE.match(env_id):
            print(f"error: --environment {value!r}: {env_id!r} is not a PingOne environment ID", file=sys.stderr)
            return 2
        stack = stack or (f"env{i + 1}" if len(args.environment) > 1 else "dev")
        if not STACK_RE.match(stack) or stack in (s for s, _ in environments):
            print(f"error: --environment {value!r}: {stack!r} is not a new stack name", file=sys.stderr)
            return 2
        environments.append((stack, env_id))
    out = Path(args.out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(f"error: --out {out}: exists and is not an empty directory (nothing was written)", file=sys.stderr)
        return 2
    try:
        connection = _connection(args)
        client = PingOneClient(connection)
        try:
            result = export_environments(
                client,
                environments,
                out,
                project=args.project,
                include_defaults=args.include_defaults,
                connection_config=connection_config(connection),
            )
        finally:
            client.close()
    except PingOneError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"exported {result.objects} objects of {len(environments)} environment(s) into {out}/")
    for name in result.files:
        print(f"  {name}")
    print("secrets to set before the first `pulumi up` (see README.md):")
    for stack, _ in environments:
        print(f"  pulumi config set --secret --stack {stack} pingone:clientSecret")
        for secret in result.secrets:
            if secret.stack == stack:
                print(f"  pulumi config set --secret --stack {stack} {secret.key}")
    for line in result.drift:
        print(f"warning: adopting would still change {line}", file=sys.stderr)
    return 0


def connection_config(connection: Connection) -> dict[str, str]:
    """The stack config (``pingone:*``) of an exported project for this connection, without the secret."""
    config = {
        "pingone:regionCode": connection.region_code,
        "pingone:environmentId": connection.environment_id,
        "pingone:clientId": connection.client_id,
    }
    if connection.api_url:
        config["pingone:apiUrl"] = connection.api_url
    if connection.auth_url:
        config["pingone:authUrl"] = connection.auth_url
    return config


if __name__ == "__main__":
    sys.exit(main())
