"""The committed samples match the code; every option and policy is documented."""

import difflib
import os
import subprocess
import sys

import pytest
from oslo_config import cfg
from oslo_policy import policy as oslo_policy

from translator import policies
from translator.conf import opts

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ETC = os.path.join(REPO_ROOT, 'etc', 'translator')
BIN_DIR = os.path.dirname(sys.executable)
REGENERATE = 'tools/generate-samples.sh'


def _regenerate(tool: str, generator_conf: str, out) -> str:
    subprocess.run([os.path.join(BIN_DIR, tool), '--config-file',
                    os.path.join(ETC, generator_conf), '--output-file', str(out)],
                   check=True, capture_output=True, cwd=REPO_ROOT)
    return out.read_text()


def _assert_same(committed_name: str, fresh: str) -> None:
    with open(os.path.join(ETC, committed_name)) as committed:
        old = committed.read()
    if old != fresh:
        diff = ''.join(list(difflib.unified_diff(
            old.splitlines(True), fresh.splitlines(True),
            f'etc/translator/{committed_name} (committed)', '(generated now)'))[:60])
        pytest.fail(f'etc/translator/{committed_name} is stale: run {REGENERATE} and '
                    f'commit the result.\n{diff}')


def test_config_sample_is_fresh(tmp_path):
    fresh = _regenerate('oslo-config-generator', 'translator-config-generator.conf',
                        tmp_path / 'translator.conf.sample')
    _assert_same('translator.conf.sample', fresh)


def test_policy_sample_is_fresh(tmp_path):
    fresh = _regenerate('oslopolicy-sample-generator', 'translator-policy-generator.conf',
                        tmp_path / 'policy.yaml.sample')
    _assert_same('policy.yaml.sample', fresh)


def test_config_sample_has_the_library_groups():
    with open(os.path.join(ETC, 'translator.conf.sample')) as sample:
        groups = {line.strip() for line in sample if line.startswith('[')}
    assert {'[DEFAULT]', '[api]', '[arktos]', '[catalog]', '[keystone_authtoken]',
            '[oslo_middleware]', '[oslo_policy]'} <= groups
    # oslo.log's options live in [DEFAULT].
    assert '#debug = false' in open(os.path.join(ETC, 'translator.conf.sample')).read()


def _own_options():
    for group, options in opts.list_opts():
        for opt in options:
            yield group.name, opt


@pytest.mark.parametrize('group,opt', list(_own_options()),
                         ids=lambda value: getattr(value, 'name', value))
def test_every_option_has_help_and_a_sane_default(group, opt):
    assert opt.help and len(opt.help.split()) >= 4, f'[{group}] {opt.name} needs help text'
    if opt.default is None:
        # Unset means "not used": credentials, file paths, optional URLs.
        assert isinstance(opt, (cfg.StrOpt, cfg.URIOpt)), \
            f'[{group}] {opt.name}: only optional strings may default to None'
        return
    # The default passes the option's own checks (type, choices, min/max).
    opt.type(opt.default)
    conf = cfg.ConfigOpts()
    conf.register_opt(opt, group=group)
    conf([], default_config_files=[])
    assert getattr(getattr(conf, group), opt.dest) == opt.default


def test_every_policy_is_documented_with_operations_and_scope():
    names = set()
    for rule in policies.list_rules():
        assert rule.name not in names, f'{rule.name} registered twice'
        names.add(rule.name)
        assert rule.description, rule.name
        if isinstance(rule, oslo_policy.DocumentedRuleDefault):
            assert rule.operations, rule.name
            assert rule.scope_types == ['project'], rule.name


def test_policy_generator_entry_points_load():
    result = subprocess.run([os.path.join(BIN_DIR, 'oslopolicy-policy-generator'),
                             '--namespace', 'translator'],
                            check=True, capture_output=True, text=True, cwd=REPO_ROOT)
    assert '"os_compute_api:servers:create": "rule:project_member_or_admin"' in result.stdout


def test_a_policy_file_overrides_the_defaults(tmp_path):
    from oslo_context import context as oslo_context

    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"os_compute_api:servers:index": "role:admin"\n')
    conf = cfg.ConfigOpts()
    enforcer = oslo_policy.Enforcer(conf, policy_file=str(policy_file))
    enforcer.register_defaults(policies.list_rules())
    conf([], default_config_files=[])
    member = oslo_context.RequestContext(user_id='u', project_id='p',
                                         roles=['member', 'reader'], overwrite=False)
    target = {'project_id': 'p', 'user_id': 'u'}
    assert enforcer.enforce('os_compute_api:servers:show', target, member)
    assert not enforcer.enforce('os_compute_api:servers:index', target, member)


def test_configuration_reference_is_fresh(tmp_path):
    out = tmp_path / 'reference.rst'
    subprocess.run([sys.executable, os.path.join(REPO_ROOT, 'tools',
                                                 'generate_config_reference.py'), str(out)],
                   check=True, capture_output=True, cwd=REPO_ROOT)
    committed = os.path.join(REPO_ROOT, 'doc', 'source', 'configuration', 'reference.rst')
    if open(committed).read() != out.read_text():
        pytest.fail('doc/source/configuration/reference.rst is stale: run '
                    f'{REGENERATE} and commit the result.')
