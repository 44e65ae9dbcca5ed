"""Horizon 27, unmodified, against the translator through the real Keystone, in a real
browser: headless Debian chromium driven by Selenium (``harness.horizon`` serves Horizon
from ``.venvs/horizon``).

Every page visited is checked (no Horizon error alert — "Error: …", "Unable to …" —, no
Django error page, no redirect to the login page) and kept as a screenshot under
``.state/horizon-screenshots/`` in the repository (emptied when the module starts;
numbered in visiting order). The tests run in order: the member's key pair and server
group are chosen in the launch wizard, the instance it launches is the one acted on.
The launch wizard offers only networks with a subnet, and the session's ``stack`` has
its one network without a CIDR (so without a subnet, as other end-to-end tests expect):
Horizon gets a stack of its own whose network ``private`` has the emulator's pod CIDR.
"""

import base64
import os
import shutil
import time
from urllib.parse import urlparse

import pytest
import requests

from tests.api import CIRROS
from tests.conftest import REPO_ROOT
from tests.e2e.conftest import token
from translator.testing import harness

webdriver = pytest.importorskip('selenium.webdriver')
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow

SCREENSHOTS = os.path.join(REPO_ROOT, '.state', 'horizon-screenshots')
CHROMIUM, CHROMEDRIVER = shutil.which('chromium'), shutil.which('chromedriver')
WAIT = 30  # seconds for a page, a dialog or an element
STATUS_WAIT = 90  # seconds for a server to reach a status
# Horizon's ways of saying something failed.
ERROR_TEXTS = ('Error:', 'Unable to', 'Something went wrong', 'Server error',
               'does not exist', 'Forbidden')
# A public key to import (ssh-keygen -t ed25519).
PUBLIC_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGQ9K5Vm1v1CpO8T0B1yq3Jm0pP1o6rWw4m3'
              'b8bYv9bK horizon@e2e')
# Pending Angular requests and jQuery AJAX calls on the page.
PENDING_JS = """
    var pending = window.jQuery ? jQuery.active : 0;
    try {
        pending += angular.element(document.body).injector().get('$http')
            .pendingRequests.length;
    } catch (e) {}
    return document.readyState === 'complete' ? pending : -1;
"""
# The text and classes of every alert shown (toasts come and go: read them at once).
ALERTS_JS = """
    return Array.from(document.querySelectorAll('.alert, .toast'))
        .filter(function (e) { return e.offsetParent !== null; })
        .map(function (e) { return [e.innerText.trim(), e.className]; });
"""
# Pages that wait for an API this service does not serve yet: each fails until it does
# (strict: once it passes, the mark goes).
IMAGE_UPLOAD = pytest.mark.xfail(strict=True, reason='the create dialog lists Glance\'s metadefs '
                                 'namespaces: this service serves the schemas and an empty '
                                 'catalog, on which Horizon 27\'s metadefs_namespace_full_list '
                                 'fails (futurist: "max_workers must be greater than zero"), '
                                 'so "Unable to retrieve the namespaces."')
METADEFS = pytest.mark.xfail(strict=True, reason='the metadata dialog lists Glance\'s metadefs '
                             'namespaces: Horizon 27 fails on the empty catalog served here '
                             '(as IMAGE_UPLOAD)')


class PageError(AssertionError):
    """A page showed an error, Django's error page or the login form."""


class Dashboard:
    """A browser on Horizon: visits pages, waits for them, checks and photographs each."""

    def __init__(self, driver, url: str):
        self.driver = driver
        self.url = url
        self.shots = 0

    def login(self, user: str) -> None:
        self.driver.delete_all_cookies()
        self.driver.get(self.url + '/auth/login/')
        self.find('#id_username').send_keys(user)
        self.find('#id_password').send_keys(f'{user}-pass')
        self.find('button[type=submit]').click()
        self.wait(lambda d: '/auth/login' not in d.current_url, 'the login to finish')
        self.check(f'login-{user}')

    def visit(self, path: str, name: str) -> None:
        self.driver.get(self.url + path)
        self.check(name)

    def find(self, css: str, timeout: float = WAIT):
        return self.wait(lambda d: next(iter(
            e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), None),
            css, timeout)

    def find_xpath(self, xpath: str, timeout: float = WAIT):
        return self.wait(lambda d: next(iter(
            e for e in d.find_elements(By.XPATH, xpath) if e.is_displayed()), None),
            xpath, timeout)

    def button(self, label: str):
        """The button (or link) labelled ``label``."""
        return self.find_xpath('//*[self::button or self::a]'
                               f'[contains(normalize-space(.), "{label}")]')

    def click(self, element) -> None:
        """Click through JavaScript: menus need not be open, buttons not scrolled to."""
        self.driver.execute_script('arguments[0].click();', element)

    def wait(self, condition, what: str, timeout: float = WAIT):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.2).until(condition)
        except TimeoutException:
            self.screenshot('timeout')
            raise AssertionError(
                f'waited {timeout} s for {what} on {self.driver.current_url}') from None

    def settle(self) -> None:
        """Wait until the page has loaded and its AJAX calls have answered."""
        self.wait(lambda d: d.execute_script(PENDING_JS) == 0, 'the page to settle')
        self.wait(lambda d: not [e for e in d.find_elements(
            By.CSS_SELECTOR, '.modal-backdrop + .loader, .loader-inline') if e.is_displayed()],
            'the spinners to stop')

    def screenshot(self, name: str) -> str:
        self.shots += 1
        path = os.path.join(SCREENSHOTS, f'{self.shots:03d}-{name}.png')
        self.driver.save_screenshot(path)
        return path

    def check(self, name: str) -> None:
        """Settle, photograph and fail on an error alert, an error page or the login form."""
        self.settle()
        shot = self.screenshot(name)
        path = urlparse(self.driver.current_url).path
        problems = []
        if path.startswith('/auth/login'):
            problems.append('the login page')
        title = self.driver.title
        if any(text in title for text in ('Server error', 'Page Not Found', 'Forbidden')):
            problems.append(f'error page {title!r}')
        for text, classes in self.driver.execute_script(ALERTS_JS):
            if text and ('alert-danger' in classes or 'alert-error' in classes
                         or any(error in text for error in ERROR_TEXTS)):
                problems.append(f'alert {text!r}')
        if problems:
            raise PageError(f'{name} ({self.driver.current_url}, {shot}): '
                            + '; '.join(dict.fromkeys(problems)))

    def field(self, css: str):
        """The (visible) form field ``css`` of the open dialog."""
        return self.find(f'.modal.in {css}')

    def submit_modal(self, name: str) -> None:
        """Press the primary button of the open dialog and check the page it leaves."""
        button = self.find('.modal.in .modal-footer .btn-primary:not([disabled]), '
                           '.modal.in .modal-footer .btn-danger:not([disabled]), '
                           '.modal.in input[type=submit].btn-primary')
        self.click(button)
        self.wait(lambda d: not [m for m in d.find_elements(By.CSS_SELECTOR, '.modal.in')
                                 if m.is_displayed()], 'the dialog to close')
        self.check(name)

    def angular_action(self, row_text: str, label: str) -> None:
        """Start the row action ``label`` of the Angular table row containing ``row_text``."""
        row = self.find_xpath(f'//tr[contains(normalize-space(.), "{row_text}")]')
        action = next((element for element in row.find_elements(By.XPATH, './/button|.//a')
                       if label in (element.get_attribute('textContent') or '')), None)
        assert action is not None, f'no action {label!r} in the row of {row_text}'
        self.click(action)


# The network the member launches on: its CIDR, the emulator's pod addresses, is a subnet.
NETWORK_CONF = ('[network]\nnetworks = id=6f0e5a1c-3b7d-4c8e-9f21-7a4b2c9d8e10,label=private,'
                'cidr=10.88.0.0/16,default=true\n')


@pytest.fixture(scope='module')
def stack(arktos, memcached, tmp_path_factory):
    """Keystone and translator-api as the session's ``stack``, but with ``NETWORK_CONF``."""
    with harness.keystone_stack(tmp_path_factory.mktemp('horizon-stack'), arktos['url'],
                                arktos_token=arktos['token'], memcached_servers=memcached,
                                extra_conf=NETWORK_CONF) as env:
        yield env


@pytest.fixture(scope='module')
def dashboard(stack, tmp_path_factory):
    """Horizon against ``stack``'s Keystone and a headless chromium on it."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip('no chromium and chromedriver (tools/run-tests.sh installs them as root)')
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    os.makedirs(SCREENSHOTS)
    with harness.horizon(tmp_path_factory.mktemp('horizon'), stack['KEYSTONE_URL']) as server:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage',
                         '--window-size=1400,1000'):
            options.add_argument(argument)
        driver = webdriver.Chrome(options=options,
                                  service=webdriver.ChromeService(CHROMEDRIVER))
        driver.set_page_load_timeout(60)
        driver.set_script_timeout(30)
        try:
            yield Dashboard(driver, server.url)
        finally:
            driver.quit()
            print(f'Horizon screenshots: {SCREENSHOTS}; its log: {server.log_path}')


@pytest.fixture(scope='module')
def compute(stack):
    """``compute(method, path, user)``: the translator's compute API as a Keystone user."""
    tokens = {}

    def call(method: str, path: str, user: str = 'demo', **kwargs) -> requests.Response:
        project = 'admin' if user == 'admin' else user
        if user not in tokens:
            tokens[user] = token(stack, user, project)
        return requests.request(method, f'{stack["TRANSLATOR_URL"]}/v2.1{path}', timeout=30,
                                headers={'X-Auth-Token': tokens[user],
                                         'OpenStack-API-Version': 'compute latest'},
                                **kwargs)
    return call


@pytest.fixture(scope='module')
def member(dashboard):
    dashboard.login('demo')
    return dashboard


def _server(compute, name: str) -> dict | None:
    servers = compute('GET', '/servers/detail', params={'name': f'^{name}$'}).json()
    return next(iter(servers['servers']), None)


def _wait_server(compute, server_id: str, status: str, **expected) -> dict:
    """The server once it is ``status`` with no task (and ``expected`` attributes)."""
    deadline = time.monotonic() + STATUS_WAIT
    while True:
        server = compute('GET', f'/servers/{server_id}').json()['server']
        if (server['status'] == status and not server.get('OS-EXT-STS:task_state')
                and all(server.get(key) == value for key, value in expected.items())):
            return server
        assert server['status'] != 'ERROR', server
        assert time.monotonic() < deadline, f'not {status} in {STATUS_WAIT} s: {server}'
        time.sleep(0.5)


def test_member_overview(member):
    member.visit('/project/', 'project-overview')
    text = member.find('#content_body').text
    assert 'Limit Summary' in text and 'Usage Summary' in text


def test_member_key_pairs(member, compute):
    member.visit('/project/key_pairs/', 'key-pairs')
    member.click(member.button('Create Key Pair'))
    member.field('[name=name]').send_keys('hz-created')
    member.screenshot('key-pair-create-form')
    member.submit_modal('key-pair-created')
    member.visit('/project/key_pairs/', 'key-pairs-after-create')
    member.click(member.button('Import Public Key'))
    member.field('[name=name]').send_keys('hz-imported')
    member.field('[name=public_key]').send_keys(PUBLIC_KEY)
    member.screenshot('key-pair-import-form')
    member.submit_modal('key-pair-imported')
    member.visit('/project/key_pairs/', 'key-pairs-after-import')
    names = {pair['keypair']['name'] for pair in compute('GET', '/os-keypairs').json()['keypairs']}
    assert {'hz-created', 'hz-imported'} <= names


def test_member_server_groups(member, compute):
    member.visit('/project/server_groups/', 'server-groups')
    member.click(member.button('Create Server Group'))
    member.field('[name=name]').send_keys('hz-group')
    Select(member.field('[name=policy]')).select_by_visible_text('Anti Affinity')
    member.screenshot('server-group-create-form')
    member.submit_modal('server-group-created')
    groups = compute('GET', '/os-server-groups').json()['server_groups']
    assert [group['name'] for group in groups] == ['hz-group']


def test_member_networks(member):
    member.visit('/project/networks/', 'networks')
    member.visit('/project/network_topology/', 'network-topology')


def _allocate(dashboard, step: str, row_text: str) -> None:
    """In the launch wizard's ``step``, move the available row with ``row_text`` up."""
    dashboard.click(dashboard.find_xpath(
        f'//div[contains(@class, "wizard-nav")]//li[contains(normalize-space(.), "{step}")]/a'))
    allocated = f'//transfer-table//table[1]//tr[contains(normalize-space(.), "{row_text}")]'
    if dashboard.driver.find_elements(By.XPATH, allocated + '[.//*[contains(@class, '
                                      '"fa-arrow-down")]]'):
        return  # the wizard chose it already (the only network)
    row = dashboard.find_xpath(f'//tr[contains(normalize-space(.), "{row_text}")]'
                               '[.//*[contains(@class, "fa-arrow-up")]]')
    dashboard.click(row.find_element(By.XPATH, './/*[contains(@class, "fa-arrow-up")]'))
    dashboard.screenshot(f'launch-{step.lower().replace(" ", "-")}')


def test_member_launch_instance(member, compute):
    member.visit('/project/instances/', 'instances')
    member.click(member.find('#instances__action_launch-ng'))
    member.find('.modal.in .ng-wizard #name').send_keys('hz-vm')
    member.screenshot('launch-details')
    _allocate(member, 'Source', 'cirros')
    _allocate(member, 'Flavor', 'm1.tiny')
    _allocate(member, 'Networks', 'private')
    _allocate(member, 'Key Pair', 'hz-imported')
    _allocate(member, 'Server Groups', 'hz-group')
    member.click(member.find('.modal.in .btn-primary.finish:not([disabled])'))
    member.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, '.modal.in .ng-wizard'),
                'the wizard to close')
    member.check('launched')
    server = member.wait(lambda d: _server(compute, 'hz-vm'), 'the server to exist')
    server = _wait_server(compute, server['id'], 'ACTIVE')
    assert server['key_name'] == 'hz-imported'
    member.visit('/project/instances/', 'instances-active')
    assert 'Active' in member.find(f'#instances__row__{server["id"]}').text


def _launched(compute) -> dict:
    server = _server(compute, 'hz-vm')
    assert server, 'the launch test left no instance'
    return server


@pytest.mark.parametrize('tab', ['overview', 'interfaces', 'log', 'console', 'audit'])
def test_member_instance_tabs(member, compute, tab):
    instance = _launched(compute)
    member.visit(f'/project/instances/{instance["id"]}/?tab=instance_details__{tab}',
                 f'instance-{tab}')
    assert member.find(f'#instance_details__{tab}').is_displayed()


def _row_action(dashboard, compute, server_id: str, action: str, status: str,
                **expected) -> None:
    """Run the instances table's row action ``action`` (confirming it when asked) and wait
    for the server to be ``status``."""
    dashboard.visit('/project/instances/', f'before-{action}')
    dashboard.click(dashboard.driver.find_element(
        By.ID, f'instances__row_{server_id}__action_{action}'))
    try:  # a dangerous action asks first
        WebDriverWait(dashboard.driver, 3, poll_frequency=0.2).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, '.modal.in .modal-footer .btn'))
    except TimeoutException:
        pass
    if dashboard.driver.find_elements(By.CSS_SELECTOR, '.modal.in'):
        dashboard.submit_modal(f'{action}-confirmed')
    else:
        dashboard.check(f'{action}-done')
    _wait_server(compute, server_id, status, **expected)


def test_member_instance_actions(member, compute):
    server_id = _launched(compute)['id']
    for action, status, expected in (
            ('soft_reboot', 'ACTIVE', {}), ('reboot', 'ACTIVE', {}),
            ('stop', 'SHUTOFF', {}), ('start', 'ACTIVE', {}),
            ('pause', 'PAUSED', {}), ('pause', 'ACTIVE', {}),  # pause, then resume
            ('suspend', 'SUSPENDED', {}), ('suspend', 'ACTIVE', {}),
            ('lock', 'ACTIVE', {'locked': True}), ('unlock', 'ACTIVE', {'locked': False})):
        _row_action(member, compute, server_id, action, status, **expected)
    member.visit('/project/instances/', 'instances-after-actions')


def test_member_instance_snapshot(member, compute):
    instance = _launched(compute)
    member.visit('/project/instances/', 'before-snapshot')
    member.click(member.driver.find_element(
        By.ID, f'instances__row_{instance["id"]}__action_snapshot'))
    member.field('#id_name').send_keys('hz-snapshot')
    member.screenshot('snapshot-form')
    member.submit_modal('snapshot-created')
    assert 'hz-snapshot' in member.find('#content_body').text


def test_member_instance_rebuild(member, compute):
    instance = _launched(compute)
    member.visit('/project/instances/', 'before-rebuild')
    member.click(member.driver.find_element(
        By.ID, f'instances__row_{instance["id"]}__action_rebuild'))
    images = Select(member.field('#id_image'))
    images.select_by_visible_text(next(option.text for option in images.options
                                       if option.text.startswith('cirros')))
    member.screenshot('rebuild-form')
    member.submit_modal('rebuilt')
    _wait_server(compute, instance['id'], 'ACTIVE')


def test_member_instance_delete(member, compute):
    instance = _launched(compute)
    member.visit('/project/instances/', 'before-delete')
    member.click(member.driver.find_element(
        By.ID, f'instances__row_{instance["id"]}__action_delete'))
    member.submit_modal('delete-confirmed')
    member.wait(lambda d: compute('GET', f'/servers/{instance["id"]}').status_code == 404,
                'the server to go', STATUS_WAIT)
    member.visit('/project/instances/', 'instances-after-delete')


@IMAGE_UPLOAD
def test_member_images(member, tmp_path):
    image_file = tmp_path / 'hz-image.img'
    image_file.write_bytes(base64.b64decode('aG9yaXpvbiBlMmUgaW1hZ2U=') * 64)
    member.visit('/project/images/', 'images')
    member.click(member.button('Create Image'))
    member.field('#imageForm-name').send_keys('hz-image')
    member.driver.find_element(By.CSS_SELECTOR, '.modal.in [name=image_file]').send_keys(
        str(image_file))
    Select(member.field('#imageForm-format')).select_by_visible_text('Raw')
    member.screenshot('image-create-form')
    member.submit_modal('image-created')
    member.visit('/project/images/', 'images-after-create')
    member.find_xpath('//tr[contains(normalize-space(.), "hz-image")]'
                      '[contains(normalize-space(.), "Active")]')
    member.angular_action('hz-image', 'Edit Image')
    member.field('#imageForm-description').send_keys('edited in Horizon')
    member.submit_modal('image-edited')
    member.angular_action('hz-image', 'Delete Image')
    member.submit_modal('image-deleted')
    member.visit('/project/images/', 'images-after-delete')
    member.wait(lambda d: 'hz-image' not in d.find_element(By.ID, 'content_body').text,
                'the image to go')


@pytest.fixture(scope='module')
def admin(dashboard, member):
    """The same browser, now signed in as the cloud admin (after the member's tests)."""
    dashboard.login('admin')
    return dashboard


@pytest.mark.parametrize('path, name', [
    ('/admin/', 'admin-overview'),
    ('/admin/hypervisors/', 'hypervisors'),
    ('/admin/info/?tab=system_info__nova_services', 'system-info-compute-services'),
    ('/admin/aggregates/', 'host-aggregates'),
    ('/admin/instances/', 'admin-instances'),
    ('/admin/images/', 'admin-images'), ('/admin/flavors/', 'flavors')])
def test_admin_pages(admin, path, name):
    admin.visit(path, name)


def test_admin_instances_of_all_projects(admin, compute):
    server = compute('POST', '/servers', json={'server': {
        'name': 'hz-demo-vm', 'imageRef': CIRROS, 'flavorRef': '1',
        'networks': 'none'}}).json()['server']
    try:
        _wait_server(compute, server['id'], 'ACTIVE')
        admin.visit('/admin/instances/', 'admin-instances-all-projects')
        assert 'hz-demo-vm' in admin.find('#instances').text
        admin.visit('/admin/', 'admin-overview-usage')
        assert 'demo' in admin.find('#global_usage').text
    finally:
        compute('DELETE', f'/servers/{server["id"]}')


def test_admin_flavor_create(admin, compute, stack):
    admin.visit('/admin/flavors/', 'flavors-before-create')
    admin.click(admin.find('#flavors__action_create'))
    for field, value in (('name', 'hz.flavor'), ('vcpus', '1'), ('memory_mb', '256'),
                         ('disk_gb', '1')):
        element = admin.field(f'#id_{field}')
        element.clear()
        element.send_keys(value)
    admin.click(admin.find_xpath('//a[contains(., "Flavor Access")]'))
    admin.click(admin.find_xpath('//ul[li/span[@class="display_name"][normalize-space()="demo"]]'
                                 '//a[@href="#add_remove"]'))
    admin.screenshot('flavor-create-form')
    admin.submit_modal('flavor-created')
    flavor = next(f for f in compute('GET', '/flavors/detail', 'admin',
                                     params={'is_public': 'None'}).json()['flavors']
                  if f['name'] == 'hz.flavor')
    assert not flavor['os-flavor-access:is_public']
    access = compute('GET', f'/flavors/{flavor["id"]}/os-flavor-access', 'admin').json()
    assert [a['tenant_id'] for a in access['flavor_access']] == [stack['DEMO_PROJECT_ID']]


@METADEFS
def test_admin_flavor_extra_specs(admin, compute):
    flavor = next(f for f in compute('GET', '/flavors/detail', 'admin',
                                     params={'is_public': 'None'}).json()['flavors']
                  if f['name'] == 'hz.flavor')
    admin.visit('/admin/flavors/', 'flavors-before-metadata')
    admin.click(admin.driver.find_element(
        By.ID, f'flavors__row_{flavor["id"]}__action_update_metadata'))
    admin.field('input[name=customItem]').send_keys('hw:cpu_policy')
    admin.click(admin.find('.modal.in [ng-form=customItemForm] button'))
    admin.field('input[name="hw:cpu_policy"]').send_keys('shared')
    admin.screenshot('flavor-metadata-form')
    admin.submit_modal('flavor-metadata-saved')
    specs = compute('GET', f'/flavors/{flavor["id"]}/os-extra_specs', 'admin').json()
    assert specs['extra_specs'] == {'hw:cpu_policy': 'shared'}
