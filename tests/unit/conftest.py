"""Fixtures of the unit tier."""

import pytest
from oslo_config import cfg
from oslo_policy import opts as policy_opts

from translator import policy


@pytest.fixture
def policy_file(tmp_path):
    """The process-wide enforcer, made anew from an empty policy file of the test's
    (default rules), and dropped after it. The file is an override on a configuration
    of its own: oslo.policy's ``set_defaults`` would change the option's default for
    every configuration of the process."""
    path = tmp_path / 'policy.yaml'
    path.write_text('{}\n')
    conf = cfg.ConfigOpts()
    for group, options in policy_opts.list_opts():
        conf.register_opts(options, group=group)
    conf([], default_config_files=[])
    conf.set_override('policy_file', str(path), group='oslo_policy')
    policy.reset()
    policy.get_enforcer(conf)
    yield path
    policy.reset()
