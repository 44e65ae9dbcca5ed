"""Sphinx configuration of the release notes (``sphinx-build releasenotes/source
releasenotes/build/html``; needs doc/requirements.txt)."""

project = 'arktos-nova-translator release notes'
copyright = 'arktos-nova-translator developers'
extensions = ['reno.sphinxext']
exclude_patterns = ['_build']
html_theme = 'alabaster'
