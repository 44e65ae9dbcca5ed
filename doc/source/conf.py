"""Sphinx configuration of the translator's documentation (``sphinx-build doc/source
doc/build/html``; needs doc/requirements.txt and the package installed)."""

project = 'arktos-nova-translator'
copyright = 'arktos-nova-translator developers'
extensions = [
    'oslo_config.sphinxext',        # .. show-options::
    'oslo_policy.sphinxext',        # .. show-policy::
]
exclude_patterns = ['_build']
html_theme = 'alabaster'
