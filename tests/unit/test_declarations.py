"""Issue 17 items 1 and 2: each field is declared once (the resource models) and the typed surface is derived.

What a user notices: the classes, argument and output types and the README tables agree with the models (the
generator is re-run, or this fails); the derived diff rules are the ones the resources had; a typed program
type-checks under ``mypy --strict`` and a misspelt enum value does not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import get_args

import pingone_notifications
from pingone_notifications import REGIONS, resources
from pingone_notifications.resources import _codegen
from pingone_notifications.resources._fields import REGISTRY, body_of, shape_of
from pingone_notifications.resources._types import RegionCode
from pingone_notifications.resources.notification_policy import NotificationPolicyProvider
from pingone_notifications.resources.notifications_settings import NotificationsSettingsProvider
from pingone_notifications.resources.phone_delivery_settings import PhoneDeliverySettingsProvider
from pingone_notifications.resources.template_content import FIELDS, ContentModel, NotificationTemplateContentProvider

ROOT = Path(__file__).resolve().parents[2]
TYPING = ROOT / "tests" / "typed_programs"


def test_generated_surface_and_readme_tables_are_up_to_date() -> None:
    assert _codegen.main(["--check"]) == 0, "run: python -m pingone_notifications.resources._codegen"


def test_derived_tables_are_the_resources_rules() -> None:
    # the values the resources declared by hand before issue 17 (commit 8c50f0b)
    content, policy = NotificationTemplateContentProvider, NotificationPolicyProvider
    phone, settings = PhoneDeliverySettingsProvider, NotificationsSettingsProvider
    assert content.replace_keys == ("environment_id", "template_name", "locale", "delivery_method")
    assert set(content.key_inputs) == {"environment_id", "template_name", "delivery_method", "locale", "variant"}
    assert set(content.output_only) == {"created_at", "updated_at", "default"}
    assert policy.replace_keys == ("environment_id",)
    assert policy.key_inputs == ("environment_id", "name")
    assert phone.replace_keys == ("environment_id", "provider", "sid")
    assert phone.key_inputs == ("environment_id", "provider", "name", "sid")
    assert phone.secret_paths == (
        ("authentication", "password"),
        ("authentication", "auth_token"),
        ("authentication", "client_secret"),
        ("auth_token",),
    )
    assert settings.output_only == ("updated_at",)
    assert FIELDS == {
        "Email": ("subject", "body", "from_", "reply_to", "charset", "email_content_type"),
        "SMS": ("content", "sender"),
        "Voice": ("content", "voice"),
        "Push": ("title", "body", "push_category"),
    }
    set_like = {name for name, node in REGISTRY.fields.items() if node.set_like}
    assert set_like == {"countries", "delivery_methods", "capabilities", "supported_countries", "whitelist"}
    assert shape_of(ContentModel).fields["from_"].wire == "from"


def test_no_two_declarations_of_one_name_disagree_on_the_wire() -> None:
    """The registry (API JSON read without its resource, e.g. by the export) takes the first declaration of a
    name: every declaration of that name must say the same."""

    def walk(shape: object, seen: dict[str, tuple[str, bool, bool]]) -> None:
        for name, node in shape.fields.items():  # type: ignore[attr-defined]
            got = (node.wire, node.set_like, node.map_valued)
            assert seen.setdefault(name, got) == got, f"{name}: {seen[name]} vs {got}"
            if node.shape is not None:
                walk(node.shape, seen)

    seen: dict[str, tuple[str, bool, bool]] = {}
    for spec in _codegen.RESOURCES:
        walk(shape_of(spec.model), seen)


def test_defaults_are_filled_only_where_a_field_applies() -> None:
    sms = ContentModel.model_validate(
        {"environment_id": "5f3837e4-3d1b-4ac6-8d75-acb4d7eae8d0", "template_name": "general", "locale": "en",
         "delivery_method": "SMS", "content": "Hi", "sender": ""}
    )  # fmt: skip
    assert body_of(sms) == {"locale": "en", "delivery_method": "SMS", "content": "Hi"}
    email = sms.model_copy(update={"delivery_method": "Email", "content": None, "sender": None, "body": "<p>x</p>"})
    assert body_of(email) == {"locale": "en", "delivery_method": "Email", "body": "<p>x</p>", "charset": "UTF-8",
                              "email_content_type": "text/html"}  # fmt: skip


def test_everything_public_is_exported_from_the_package() -> None:
    public = set(pingone_notifications.__all__)
    assert set(resources.__all__) <= public
    for name in ("EnvironmentNotifications", "NotificationTemplateCatalog", "ConnectionArgs", "QuotaArgs",
                 "EmailAddress", "DeliveryMethod", "ProviderKind", "AuthenticationMethod", "PhoneNumberFormat",
                 "NumberType", "PushCategory", "TemplateName", "DeliveryMode", "RegionCode"):  # fmt: skip
        assert name in public
        assert getattr(pingone_notifications, name) is not None
    for cls in (resources.NotificationPolicy, resources.NotificationTemplateContent):
        assert callable(cls.get)
    assert set(get_args(RegionCode)) == set(REGIONS)


def _mypy(program: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null", str(program)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_a_typed_user_program_passes_mypy_strict() -> None:
    done = _mypy(TYPING / "user_program.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_misspelt_delivery_method_fails_type_checking_naming_the_argument() -> None:
    done = _mypy(TYPING / "wrong_literal.py")
    assert done.returncode == 1, done.stdout
    assert 'Argument "delivery_method" to "NotificationTemplateContent"' in done.stdout
    assert "Literal['Emial']" in done.stdout
    assert done.stdout.count("error:") == 1, done.stdout


def test_the_sdk_resolves_nested_outputs_as_the_plain_dicts_state_holds() -> None:
    """The SDK resolves a resource's outputs by its class annotations, and fails (the program then hangs on the
    RPC) on an object typed as anything but an ``@output_type`` or a dict: the TypedDicts are for type checkers."""
    from pulumi._types import resource_types
    from pulumi.runtime.rpc import translate_output_properties

    outputs = {
        "country_limit": {"type": "NONE"},
        "quotas": [{"type": "USER", "delivery_methods": ["SMS"], "total": 7}],
        "from_": {"name": "Acme", "address": "no@acme.example"},
        "whitelist": [{"user": {"id": "5f3837e4-3d1b-4ac6-8d75-acb4d7eae8d0"}}],
        "authentication": {"method": "BASIC", "username": "u"},
        "restrictions": {"sms_voice_quota": {"daily": 5}},
    }
    for cls in (resources.NotificationPolicy, resources.NotificationTemplateContent, resources.PhoneDeliverySettings,
                resources.NotificationsSettings, resources.NotificationTemplateCatalog):  # fmt: skip
        types = resource_types(cls)
        for key, value in outputs.items():
            assert translate_output_properties(value, lambda k: k, types.get(key)) == value


def test_a_new_field_is_one_declaration() -> None:
    """What adding a field takes: its declaration on the model. Wire name, default, the diff's expectations,
    set-like comparison, replace keys, the typed keyword argument, its docs and its README row follow."""
    from typing import Annotated, Any, ClassVar

    from pydantic import Field

    from pingone_notifications.resources._fields import Api
    from pingone_notifications.resources.notification_policy import PolicyModel

    class LabelledPolicy(PolicyModel):
        # the one declaration
        sms_labels: Annotated[list[str] | None, Api(set_like=True, default=[], replace=True)] = Field(
            default=None, description="Labels of the policy's SMS traffic."
        )

    class LabelledProvider(NotificationPolicyProvider):
        model: ClassVar[type[Any]] = LabelledPolicy

    provider = LabelledProvider()
    inputs = {"environment_id": "5f3837e4-3d1b-4ac6-8d75-acb4d7eae8d0", "name": "P", "sms_labels": ["b", "a"]}
    model = LabelledPolicy.model_validate(inputs)
    assert provider.api_body(model)["smsLabels"] == ["b", "a"]
    assert provider.api_body(LabelledPolicy.model_validate({**inputs, "sms_labels": None}))["smsLabels"] == []
    live = {**provider.expected(model), "sms_labels": ["a", "b"]}
    assert provider.same_as_live(provider.expected(model), live), "set-like: order is no change"
    assert not provider.same_as_live(provider.expected(model), {**live, "sms_labels": ["a"]})
    assert "sms_labels" in provider.replace_keys

    ctx = _codegen._Ctx()
    source = "\n".join(_codegen._resource(_codegen.Spec("LabelledPolicy", LabelledPolicy, LabelledProvider), ctx))
    assert "sms_labels: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None," in source
    assert ":param sms_labels: Labels of the policy's SMS traffic." in source
    assert "sms_labels: pulumi.Output[list[str]]" in source
