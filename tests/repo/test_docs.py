"""The README links the guides, and the links and toctrees point at files that exist."""

import os
import re

from tests.e2e import everyday

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(REPO_ROOT, 'doc', 'source')


def test_readme_links_the_guides_and_every_relative_link_exists():
    readme = open(os.path.join(REPO_ROOT, 'README.md')).read()
    links = re.findall(r'\]\(([^)#]+)\)', readme)
    for guide in ('doc/source/install.rst', 'doc/source/admin/operations.rst',
                  'doc/source/configuration/reference.rst', 'doc/source/arktos-mapping.rst',
                  'devstack/README.rst'):
        assert guide in links, f'README.md does not link {guide}'
    for link in links:
        if '://' not in link:
            assert os.path.exists(os.path.join(REPO_ROOT, link)), f'README.md: {link}'


def test_doc_references_exist():
    for directory, _, files in os.walk(DOC):
        for name in files:
            if not name.endswith('.rst'):
                continue
            text = open(os.path.join(directory, name)).read()
            targets = re.findall(r':doc:`(?:[^<`]*<)?([^>`]+)>?`', text)
            for block in re.findall(r'\.\. toctree::\n((?:   .*\n|\n)+)', text):
                targets += [line.strip() for line in block.splitlines()
                            if line.strip() and not line.strip().startswith(':')]
            for target in targets:
                path = os.path.normpath(os.path.join(directory, target + '.rst'))
                assert os.path.exists(path), f'{name}: {target}'


def test_readme_carries_the_client_coverage_table():
    readme = open(os.path.join(REPO_ROOT, 'README.md')).read()
    table = re.search(r'<!-- client-coverage:begin -->\n(.*)<!-- client-coverage:end -->',
                      readme, re.DOTALL)
    assert table, 'README.md has no client coverage table'
    assert table.group(1) == everyday.markdown(), \
        'README.md: regenerate the table with python -m tests.e2e.everyday'
