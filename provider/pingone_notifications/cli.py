"""``pingone-notifications``: command-line tools.

    pingone-notifications send --dry-run --environment-id ENV --method SMS --phone +14155552671 \\
        --user-id USER --template strong_authentication --locale es-ES --var otp=123456 [--policy-id ID]

    pingone-notifications fleet check
    pingone-notifications fleet preview|up [--cwd PROJECT] [--stack NAME ...] [--jobs N] [-- PULUMI ARGS]

``fleet``: see :mod:`pingone_notifications.fleet`. For ``send``, connection settings come from the Terraform
provider's environment variables (``PINGONE_REGION_CODE``, ``PINGONE_ENVIRONMENT_ID``, ``PINGONE_CLIENT_ID``,
``PINGONE_CLIENT_SECRET``, ``PINGONE_API_URL``, ``PINGONE_AUTH_URL``) or the options of the same names.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import fleet
from .config import resolve_connection
from .errors import PingOneError
from .notify import format_result, send

__all__ = ["main"]


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
    fleet.add_parser(sub)
    ours, pulumi_args = fleet.split_pulumi_args(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(ours)
    if args.command == "fleet":
        return fleet.run_command(args, pulumi_args)

    override = {
        "region_code": args.region_code,
        "environment_id": args.worker_environment_id,
        "client_id": args.client_id,
        "api_url": args.api_url,
        "auth_url": args.auth_url,
    }
    variables = dict(v.split("=", 1) for v in args.var if "=" in v)
    try:
        connection = resolve_connection({k: v for k, v in override.items() if v})
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


if __name__ == "__main__":
    sys.exit(main())
