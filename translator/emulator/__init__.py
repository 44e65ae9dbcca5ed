"""Arktos API emulator: an independent, in-memory stand-in for Arktos's REST API.

Modules: ``app`` (WSGI app, routing, ``make_app``), ``store`` (objects, indexes, lists),
``lifecycle`` (simulated scheduler/kubelet), ``validation``, ``selectors``, ``patch``,
``quantity``, ``objects`` (defaults and metadata), ``resources``, ``errors``, ``auth``,
``faults`` (fault injection), ``persistence`` (state file), ``cmd`` (the CLI).
"""
