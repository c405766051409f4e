"""The smallest useful program: one custom SMS text for the sign-on one-time passcode.

pulumi config set pingone:regionCode NA
pulumi config set pingone:environmentId <worker app's environment>
pulumi config set pingone:clientId <client id>
pulumi config set --secret pingone:clientSecret <client secret>
pulumi config set environmentId <environment to manage>
"""

import pulumi

from pingone_notifications import NotificationTemplateContent

otp_sms = NotificationTemplateContent(
    "otp-sms",
    environment_id=pulumi.Config().require("environmentId"),
    template_name="strong_authentication",
    locale="en",
    delivery_method="SMS",
    content="Your Acme code is ${otp}",
    sender="Acme",
)
pulumi.export("content_id", otp_sms.id)
