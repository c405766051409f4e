"""The dynamic resources: per resource, a module with its model (the one declaration of every field) and its
provider (what PingOne does); the typed classes users write are generated from the models (``_generated``)."""

from . import _generated, _types
from ._common import ConnectionArgs as ConnectionArgs
from ._generated import *  # noqa: F403 (its __all__)
from ._types import *  # noqa: F403 (its __all__)
from .template_catalog import NotificationTemplateCatalog as NotificationTemplateCatalog

__all__ = ["ConnectionArgs", "NotificationTemplateCatalog"]
__all__ += _generated.__all__
__all__ += _types.__all__
