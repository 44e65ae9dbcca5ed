"""The summary tools/rally/run.py prints from Rally's JSON report."""

import importlib.util
import os

from tests.conftest import REPO_ROOT

_SPEC = importlib.util.spec_from_file_location(
    'rally_run', os.path.join(REPO_ROOT, 'tools', 'rally', 'run.py'))
run = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(run)


def _iteration(boot: float, delete: float, error=None) -> dict:
    return {'duration': boot + delete, 'error': error or [], 'atomic_actions': [
        {'name': 'nova.boot_server', 'started_at': 10.0, 'finished_at': 10.0 + boot},
        {'name': 'nova.delete_server', 'started_at': 20.0, 'finished_at': 20.0 + delete}]}


def _report(data: list, pass_sla: bool, sla=()) -> dict:
    return {'tasks': [{'subtasks': [{'workloads': [{
        'scenario': {'NovaServers.boot_and_delete_server': {}}, 'data': data,
        'pass_sla': pass_sla, 'sla_results': {'sla': list(sla)}}]}]}]}


def test_medians_and_percentiles_of_each_action():
    [row] = run.summarize(_report([_iteration(b, 0.1) for b in (1.0, 2.0, 3.0, 4.0, 5.0)],
                                  True))
    assert (row['name'], row['iterations'], row['failures'], row['sla']) == \
        ('NovaServers.boot_and_delete_server', 5, 0, 'pass')
    median, p95 = row['actions']['nova.boot_server']
    assert median == 3.0 and abs(p95 - 4.8) < 1e-9
    assert list(row['actions']) == ['nova.boot_server', 'nova.delete_server', 'total']
    assert '| NovaServers.boot_and_delete_server | 5 | 0 | pass | nova.boot_server 3.00 / 4.80' \
        in run.markdown([row])


def test_failed_iterations_fail_the_scenario():
    failure = {'criterion': 'failure_rate', 'success': False, 'detail': 'Failure rate 50%'}
    [row] = run.summarize(_report([_iteration(1.0, 0.1),
                                   _iteration(1.0, 0.1, ['NotFound', 'gone', 'tb'])],
                                  False, [failure]))
    assert (row['iterations'], row['failures'], row['sla']) == (2, 1, 'FAIL')
    assert row['sla_detail'] == ['Failure rate 50%']
    assert row['errors'] == [['NotFound', 'gone', 'tb']]


def test_a_workload_without_iterations_fails():
    [row] = run.summarize(_report([], True))
    assert row['sla'] == 'FAIL'
