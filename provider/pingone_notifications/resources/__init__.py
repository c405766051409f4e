"""The dynamic resources: per resource, a module with its model (the one declaration of every field) and its
provider (what PingOne does); the typed classes users write are generated from the models (``_generated``)."""

from ._common import ConnectionArgs as ConnectionArgs
from ._generated import *  # noqa: F403 (its __all__)
from ._generated import __all__ as _generated_all
from ._types import *  # noqa: F403 (its __all__)
from ._types import __all__ as _types_all
from .template_catalog import NotificationTemplateCatalog as NotificationTemplateCatalog

__all__ = sorted(["ConnectionArgs", "NotificationTemplateCatalog", *_generated_all, *_types_all])
