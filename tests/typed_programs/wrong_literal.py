"""A user's program with a misspelt delivery method: `mypy --strict` must reject it, naming the argument."""

from pingone_notifications import NotificationTemplateContent

NotificationTemplateContent(
    "otp-email",
    environment_id="5f3837e4-3d1b-4ac6-8d75-acb4d7eae8d0",
    template_name="strong_authentication",
    locale="en",
    delivery_method="Emial",
    body="<p>${otp}</p>",
)
