"""Memoized policy decisions: reused, never confused between callers or targets, and
dropped when the policy file changes."""

import os

import pytest
from oslo_context import context as oslo_context
from oslo_policy import policy as oslo_policy

from translator import exception, policy

SHOW = 'os_compute_api:servers:show'
INDEX = 'os_compute_api:servers:index'


@pytest.fixture
def enforcer(policy_file, monkeypatch):
    enforcer = policy.get_enforcer()
    calls = []
    original = enforcer.enforce
    monkeypatch.setattr(enforcer, 'enforce',
                        lambda *args, **kwargs: calls.append(args[0]) or original(*args,
                                                                                  **kwargs))
    enforcer.calls, enforcer.policy_file = calls, policy_file
    return enforcer


def _member(project: str = 'p', roles=('member', 'reader')):
    return oslo_context.RequestContext(user_id='u', project_id=project, roles=list(roles),
                                       overwrite=False)


def _target(project: str = 'p') -> dict:
    return {'project_id': project, 'user_id': 'u'}


def test_a_decision_is_computed_once(enforcer):
    for _ in range(3):
        policy.authorize(_member(), SHOW, _target())
    assert enforcer.calls == [SHOW]


def test_decisions_depend_on_target_and_credentials(enforcer):
    policy.authorize(_member(), SHOW, _target())
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(_member(), SHOW, _target('other'))
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(_member(roles=()), SHOW, _target())
    assert not policy.check_is_admin(_member())
    assert policy.check_is_admin(_member(roles=('admin',)))
    assert len(enforcer.calls) == 5


def test_unknown_rules_are_refused(enforcer):
    with pytest.raises(oslo_policy.PolicyNotRegistered):
        policy.authorize(_member(), 'no:such:rule', _target())


def test_a_changed_policy_file_applies_after_the_reload_interval(enforcer, monkeypatch):
    policy.authorize(_member(), INDEX, _target())
    enforcer.policy_file.write_text(f'"{INDEX}": "role:admin"\n')
    stat = os.stat(enforcer.policy_file)
    os.utime(enforcer.policy_file, (stat.st_atime + 5, stat.st_mtime + 5))
    policy.authorize(_member(), INDEX, _target())      # remembered within the interval
    monkeypatch.setattr(policy, '_loaded_at', policy._loaded_at - policy.RELOAD_SECONDS - 1)
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(_member(), INDEX, _target())
