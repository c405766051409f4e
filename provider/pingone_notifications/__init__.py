"""PingOne notification configuration as code for Pulumi.

Four dynamic resources manage, per PingOne environment and region, how users get email, SMS and voice
messages::

    from pingone_notifications import (
        NotificationTemplateContent, NotificationPolicy, PhoneDeliverySettings, NotificationsSettings,
    )

Connection settings come from stack config (``pingone:*``), the Terraform provider's environment variables
(``PINGONE_*``) or a per-resource ``connection`` argument; see ``pingone_notifications.config``.
"""

from ._interrupt import install_quiet_interrupt
from .components import EnvironmentNotifications as EnvironmentNotifications
from .config import REGIONS as REGIONS
from .config import Connection as Connection
from .config import resolve_connection as resolve_connection
from .errors import PingOneError as PingOneError
from .resources import *  # noqa: F403 (its __all__: the resources, their argument and output types, the enums)
from .resources import __all__ as _resources_all

install_quiet_interrupt()

__all__ = sorted(["REGIONS", "Connection", "EnvironmentNotifications", "PingOneError", "resolve_connection",
                  *_resources_all])  # fmt: skip
