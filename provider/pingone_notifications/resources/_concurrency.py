"""How many calls the dynamic-provider process runs at once: the ``pingone:providerConcurrency`` setting.

Pulumi's own dynamic-provider server runs at most four calls at once; the patch that raises that limit to this
setting is ``provider-server`` in :mod:`pingone_notifications._sdk_patches`. ``pingone:providerConcurrency`` (stack
config) or ``$PINGONE_PROVIDER_CONCURRENCY`` sets the limit (4 to 64; 4 is pulumi's own); for fewer calls at once,
use ``pulumi up --parallel``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from ..config import Setting, setting_value
from ..errors import ConfigurationError

__all__ = ["CONFIG_KEY", "DEFAULT", "ENV_VAR", "concurrency_setting"]

CONFIG_KEY = "pingone:providerConcurrency"
ENV_VAR = "PINGONE_PROVIDER_CONCURRENCY"
DEFAULT = 10  # Terraform's default -parallelism, which users of the PingOne Terraform provider know
MINIMUM = 4  # pulumi's own; the pool cannot be narrowed once its threads exist
MAXIMUM = 64
SETTING = Setting("provider_concurrency", CONFIG_KEY, ENV_VAR)


def concurrency_setting(config: Mapping[str, str | None], environ: Mapping[str, str] = os.environ) -> int:
    """The limit asked for: stack config, else the environment variable (as for the connection settings),
    else :data:`DEFAULT`."""
    raw, source = setting_value(SETTING, None, config, environ)
    if raw is None or raw.strip() == "":
        return DEFAULT
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if not MINIMUM <= value <= MAXIMUM:
        raise ConfigurationError(
            f"{source} must be a whole number from {MINIMUM} to {MAXIMUM}, got {raw!r} "
            "(for fewer calls at once, use `pulumi up --parallel N`)"
        )
    return value
