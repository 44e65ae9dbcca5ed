"""Arktos API emulator: an independent, in-memory stand-in for Arktos's REST API.

Modules: ``app`` (WSGI app, ``make_app``), ``routes`` (discovery, paths), ``bodies``
(request bodies), ``store`` (objects, indexes, lists, the watch event window), ``watch``
(watch streams), ``lifecycle`` (simulated kubelet), ``nodes`` (the fake nodes and their
heartbeats), ``scheduler`` (the simulated kube-scheduler), ``validation`` and
``object_validation``, ``selectors``, ``patch``,
``quantity``, ``objects`` (defaults and metadata), ``resources``, ``quotas`` (ResourceQuota
admission and counting), ``vertical_scaling`` (``--feature-gates
InPlacePodVerticalScaling=true``: VM pods resized in place), ``errors``, ``auth``,
``faults`` (fault injection), ``persistence`` (state file), ``cmd`` (the CLI).

Behaviour was compared request by request with the real control plane (the one
``tests/conftest.py`` starts or finds, ``$ARKTOS_URL`` or ``$ARKTOS_SHARED_DIR``);
``tests/conformance`` sends the same requests to both in every test run and asserts the same
results.  Deliberate differences:

* Timing: a new tenant's ``default``/``kube-system``/``kube-public`` namespaces exist at once
  (real: within ~1 s; no ``default`` Network or RBAC objects are made).  A bound pod's DELETE
  completes after ``--delete-delay`` (default 1 s; real: up to ~10 s), a Terminating namespace
  or tenant goes with all its content after ``--namespace-delete-delay`` (default 1 s; real ~5 s).
* A VM pod whose tenant is deleted while VMs run is gone after ``--namespace-delete-delay``
  (real: tens of seconds).  A VM powered on again within ~2 s of reaching ``stopped`` is at
  once ``active`` with a new podIP here; real Arktos may first report the old VM ``active``
  without a podIP for ~2 s.
* Boot passes through ``suspended`` between ``deleted`` and ``active`` (the kubelet's mapping of
  a created VM; the fake runtime of the real stack skips it).  Pod IPs are distinct per boot
  (from 10.88.0.2 on; the real fake runtime always says 192.168.192.168); hostIP and every
  node's InternalIP are 192.0.2.2 as there.
* Nodes: ``--nodes`` nodes ``arktos-node-1`` … of ``--node-cpus``/``--node-memory``/``--max-pods``
  each (default: one node of 1000 CPUs, 4Ti and 100,000 pods, so every pod fits; real:
  arktos-up's options, default the host's size and 110 pods).  They cannot be created or
  deleted (405), are always Ready, and their kernel/kubelet versions differ.  The
  unschedulable taint of a cordoned node comes at the next request (real: within ~1 s).
  Scheduling (scheduler.py) models node selectors, node affinity, pod (anti-)affinity,
  requests and the pod count; among equally good nodes it takes the least requested one where
  the real scheduler picks at random.
* Feature gates: only ``InPlacePodVerticalScaling`` changes anything (vertical_scaling.py).
  Without it a VM whose resources are patched runs on unchanged; real Arktos's kubelet
  would restart a VM whose spec hash changed (``HashContainer`` counts the resources
  without the gate; not measured: the reference stack runs with the gate).
* ResourceQuota: the status is filled in at the next request and recounted at once when an
  object goes (real: within ~1 s), and admission sees a quota's current state (real: its
  informer cache, a moment behind: creates just after a quota is made or changed may pass
  uncounted or be checked against the old limit).  Quota scopes are not implemented.
* Watches keep the last 5,000 changes (real: the watch cache's window, sized by the
  apiserver); while a watch is open the lifecycle moves on at each step's due time, with no
  watch open it moves on at the next request.  Bookmarks come every 60 s.
* Not implemented: the deprecated ``/watch/`` paths, YAML/protobuf bodies (415), 410 for stale
  continue tokens, ReplicaSets/Deployments, the OpenStack shim, pretty-printing for curl.
* Authorization is only Arktos's tenant rule: a non-system user is limited to its own tenant
  (and may only GET its own Tenant); there is no RBAC (the real stack runs AlwaysAllow).
* Error texts that quote Go internals (type errors while decoding JSON, the PUT-immutability
  struct diff, encoding/json syntax errors other than the common ones) are approximated; the
  400-vs-422 split and the ``reason`` are as real.  Causes come in a fixed order where Go
  iterates a map (e.g. cpu before memory for requests above limits).
"""
