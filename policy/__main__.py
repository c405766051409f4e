"""The PingOne notifications policy pack: `pulumi preview --policy-pack policy`. Rules live in
pingone_notifications.policy_rules, where tests import them."""

from pulumi_policy import PolicyPack

from pingone_notifications.policy_rules import POLICIES

PolicyPack(name="pingone-notifications", policies=POLICIES)
