"""The provider's call limit setting (pingone:providerConcurrency). The patch that applies it to pulumi's
dynamic-provider server, and the other SDK patches, are tested in test_sdk_patches.py."""

from __future__ import annotations

import pytest

from pingone_notifications.errors import ConfigurationError
from pingone_notifications.resources._concurrency import CONFIG_KEY, DEFAULT, ENV_VAR, concurrency_setting


def test_concurrency_default_is_terraforms_parallelism() -> None:
    assert concurrency_setting({}, {}) == DEFAULT == 10
    assert concurrency_setting({CONFIG_KEY: None}, {ENV_VAR: " "}) == DEFAULT


def test_concurrency_stack_config_beats_the_environment() -> None:
    assert concurrency_setting({CONFIG_KEY: "16"}, {ENV_VAR: "32"}) == 16
    assert concurrency_setting({}, {ENV_VAR: "32"}) == 32


@pytest.mark.parametrize(
    ("config", "environ", "named"),
    [
        ({CONFIG_KEY: "3"}, {}, CONFIG_KEY),
        ({CONFIG_KEY: "65"}, {}, CONFIG_KEY),
        ({CONFIG_KEY: "ten"}, {}, CONFIG_KEY),
        ({CONFIG_KEY: "8.5"}, {}, CONFIG_KEY),
        ({}, {ENV_VAR: "0"}, ENV_VAR),
    ],
)
def test_concurrency_out_of_range_is_a_clear_error(config: dict[str, str], environ: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigurationError) as err:
        concurrency_setting(config, environ)
    message = str(err.value)
    assert named in message
    assert "4 to 64" in message
    assert "--parallel" in message
