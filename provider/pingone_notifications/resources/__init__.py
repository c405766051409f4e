"""The dynamic resources, one module each."""

from .notification_policy import NotificationPolicy
from .notifications_settings import NotificationsSettings
from .phone_delivery_settings import PhoneDeliverySettings
from .template_catalog import NotificationTemplateCatalog
from .template_content import NotificationTemplateContent

__all__ = [
    "NotificationPolicy",
    "NotificationTemplateCatalog",
    "NotificationTemplateContent",
    "NotificationsSettings",
    "PhoneDeliverySettings",
]
