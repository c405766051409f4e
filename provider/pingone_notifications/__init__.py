"""PingOne notification configuration as code for Pulumi.

Four dynamic resources manage, per PingOne environment and region, how users get email, SMS and voice
messages::

    from pingone_notifications import (
        NotificationTemplateContent, NotificationPolicy, PhoneDeliverySettings, NotificationsSettings,
    )

Connection settings come from stack config (``pingone:*``), the Terraform provider's environment variables
(``PINGONE_*``) or a per-resource ``connection`` argument; see ``pingone_notifications.config``.
"""

from ._sdk_patches import check_sdk_versions, install_quiet_interrupt
from .config import REGIONS, Connection, resolve_connection
from .errors import PingOneError
from .resources import (
    NotificationPolicy,
    NotificationsSettings,
    NotificationTemplateCatalog,
    NotificationTemplateContent,
    PhoneDeliverySettings,
)

check_sdk_versions()  # a plain warning when pulumi, grpcio or Python differ from what the SDK patches were tested with
install_quiet_interrupt()

__all__ = [
    "REGIONS",
    "Connection",
    "NotificationPolicy",
    "NotificationTemplateCatalog",
    "NotificationTemplateContent",
    "NotificationsSettings",
    "PhoneDeliverySettings",
    "PingOneError",
    "resolve_connection",
]
