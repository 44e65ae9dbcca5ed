"""The simulated kube-scheduler: which node a pod is bound to, or why none fits.

Arktos's scheduler (the 1.18 framework) runs its filter plugins on every node in a fixed order
and stops at the first that fails; the emulator does the same for what it models:

1. NodeUnschedulable — ``spec.unschedulable`` (``node(s) were unschedulable``);
2. NodeResourcesFit — the pod count below ``pods`` (``Too many pods``) and the requests of the
   pod's workloads within allocatable minus the requests of the pods bound there
   (``Insufficient cpu``, ``Insufficient memory``, … — every short resource);
3. NodeAffinity — ``nodeSelector`` and required node affinity on the node's labels (and
   ``metadata.name`` match fields) (``node(s) didn't match node selector``);
4. InterPodAffinity — existing pods' required anti-affinity, the pod's own required
   anti-affinity and affinity, over any ``topologyKey``, with labelSelector ``matchLabels`` /
   ``matchExpressions`` and the term's ``namespaces`` (default: the pod's own) in the pod's
   tenant (``node(s) didn't match pod affinity/anti-affinity`` plus the rule that failed).

A pod that fits nowhere gets the FitError text: ``0/3 nodes are available: 3 Insufficient
cpu.`` (the reasons counted over nodes, sorted as strings).  Among the nodes that fit, the
pod's preferred pod affinity/anti-affinity decides (the sum of the weights of the terms with a
matching pod in the node's topology, anti-affinity counting against); ties go to the node with
the smallest share of cpu and memory requested, then to the first by name (the real scheduler
picks at random among equal scores and weighs more priorities).  Taints other than the
unschedulable one, tolerations and host ports are not modelled.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from translator.emulator import quantity

UNSCHEDULABLE = "node(s) were unschedulable"
TOO_MANY_PODS = "Too many pods"
NODE_SELECTOR = "node(s) didn't match node selector"
AFFINITY = "node(s) didn't match pod affinity/anti-affinity"
AFFINITY_RULES = "node(s) didn't match pod affinity rules"
ANTI_AFFINITY_RULES = "node(s) didn't match pod anti-affinity rules"
EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules"
REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution"
PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution"


def requests(pod: dict) -> dict:
    """What a pod asks of a node: the sum of its workloads' requests, or the largest init
    container's where that is more (``{name: Fraction}``)."""
    spec = pod.get("spec") or {}
    total: dict = {}
    workloads = list(spec.get("containers") or ())
    if spec.get("virtualMachine"):
        workloads.append(spec["virtualMachine"])
    for workload in workloads:
        for name, value in ((workload.get("resources") or {}).get("requests") or {}).items():
            total[name] = total.get(name, 0) + quantity.parse(value).value
    for init in spec.get("initContainers") or ():
        for name, value in ((init.get("resources") or {}).get("requests") or {}).items():
            total[name] = max(total.get(name, 0), quantity.parse(value).value)
    return total


class Placements:
    """The pods bound to each node and the sum of their requests, kept up to date by the
    store at every change of a pod (``sync``)."""

    def __init__(self):
        self.where = {}  # pod key -> node name
        self.pods = {}  # node name -> {pod key: pod}
        self.used = {}  # node name -> {resource: Fraction}
        self.charged = {}  # pod key -> its requests as charged
        self.repelling = {}  # pod key -> (node name, pod) of pods with required anti-affinity

    def sync(self, key, pod: dict | None) -> bool:
        """Record ``pod`` (None: gone) under its ``spec.nodeName``; True if it left a node."""
        node = pod["spec"].get("nodeName") if pod is not None else None
        old = self.where.pop(key, None)
        if old is not None:
            del self.pods[old][key]
            used = self.used[old]
            for name, value in self.charged.pop(key).items():
                used[name] -= value
            self.repelling.pop(key, None)
        if node:
            asked = requests(pod)
            self.where[key] = node
            self.pods.setdefault(node, {})[key] = pod
            used = self.used.setdefault(node, {})
            for name, value in asked.items():
                used[name] = used.get(name, 0) + value
            self.charged[key] = asked
            if _terms(pod, "podAntiAffinity", REQUIRED):
                self.repelling[key] = (node, pod)
        return old is not None and old != node

    def bound(self, but: dict):
        """``(node name, pod)`` of every bound pod other than ``but``."""
        uid = but["metadata"].get("uid")
        for node_name, pods in self.pods.items():
            for other in pods.values():
                if other["metadata"].get("uid") != uid:
                    yield node_name, other


def match_selector(selector, labels: dict) -> bool:
    """A metav1.LabelSelector (``matchLabels``/``matchExpressions``); None matches nothing."""
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    return all(
        _match_expression(expr, labels.get(expr.get("key")), expr.get("key") in labels)
        for expr in selector.get("matchExpressions") or ()
    )


def _match_expression(expr, value, present) -> bool:
    op, values = expr.get("operator"), expr.get("values") or []
    if op == "In":
        return present and value in values
    if op == "NotIn":
        return not present or value not in values
    if op == "Exists":
        return present
    if op == "DoesNotExist":
        return not present
    if op in ("Gt", "Lt") and present and len(values) == 1:
        try:
            have, want = int(value), int(values[0])
        except ValueError:
            return False
        return have > want if op == "Gt" else have < want
    return False


def _labels(obj) -> dict:
    return obj["metadata"].get("labels") or {}


def _matches_node_selector(pod, node) -> bool:
    spec, labels = pod["spec"], _labels(node)
    for key, value in (spec.get("nodeSelector") or {}).items():
        if labels.get(key) != value:
            return False
    required = ((spec.get("affinity") or {}).get("nodeAffinity") or {}).get(REQUIRED)
    if not required:
        return True
    fields = {"metadata.name": node["metadata"]["name"]}
    for term in required.get("nodeSelectorTerms") or ():
        exprs = term.get("matchExpressions") or []
        field_exprs = term.get("matchFields") or []
        if not exprs and not field_exprs:
            continue
        if all(
            _match_expression(e, labels.get(e.get("key")), e.get("key") in labels) for e in exprs
        ) and all(
            _match_expression(e, fields.get(e.get("key")), e.get("key") in fields)
            for e in field_exprs
        ):
            return True
    return False


def _terms(pod, kind, when):
    return ((pod["spec"].get("affinity") or {}).get(kind) or {}).get(when) or []


def _term_matches(term, owner, other) -> bool:
    """Does ``term`` of pod ``owner`` select pod ``other`` (same tenant, term namespaces)?"""
    om, xm = owner["metadata"], other["metadata"]
    if om.get("tenant") != xm.get("tenant"):
        return False
    if xm.get("namespace") not in (term.get("namespaces") or [om.get("namespace")]):
        return False
    return match_selector(term.get("labelSelector"), _labels(other))


class Scheduler:
    """Chooses a node for a pod over the store's nodes and ``Placements``."""

    def __init__(self, nodes, placements: Placements):
        self.nodes = nodes  # callable() -> node objects in name order
        self.placements = placements

    def _topology(self, node_name, key):
        return self._node_labels.get(node_name, {}).get(key)

    def choose(self, pod) -> tuple[str | None, str | None]:
        """``(node name, None)``, or ``(None, the FitError message)``."""
        nodes = self.nodes()
        self._node_labels = {n["metadata"]["name"]: _labels(n) for n in nodes}
        affinity = pod["spec"].get("affinity") or {}
        uses_pods = affinity.get("podAffinity") or affinity.get("podAntiAffinity")
        others = list(self.placements.bound(pod)) if uses_pods else []
        asked = requests(pod)
        fit, reasons = [], Counter()
        for node in nodes:
            failed = self._filter(pod, asked, node, others)
            if failed:
                reasons.update(failed)
            else:
                fit.append(node)
        if not fit:
            text = ", ".join(sorted(f"{count} {reason}" for reason, count in reasons.items()))
            return None, f"0/{len(nodes)} nodes are available: {text}."
        best = min(fit, key=lambda node: self._rank(pod, asked, node, others))
        return best["metadata"]["name"], None

    def _filter(self, pod, asked, node, others) -> list:
        if node["spec"].get("unschedulable") is True:
            return [UNSCHEDULABLE]
        failed = self._resources(asked, node)
        if failed:
            return failed
        if not _matches_node_selector(pod, node):
            return [NODE_SELECTOR]
        rule = self._pod_affinity(pod, node["metadata"]["name"], others)
        return [AFFINITY, rule] if rule else []

    def _resources(self, asked, node) -> list:
        name = node["metadata"]["name"]
        allocatable = node["status"].get("allocatable") or {}
        failed = []
        pods = len(self.placements.pods.get(name) or ())
        if pods + 1 > int(quantity.parse(allocatable.get("pods", "0")).value):
            failed.append(TOO_MANY_PODS)
        if not any(asked.values()):
            return failed
        used = self.placements.used.get(name) or {}
        for resource in sorted(asked, key=lambda r: (r not in ("cpu", "memory"), r)):
            have = quantity.parse(allocatable[resource]).value if resource in allocatable else 0
            if asked[resource] and asked[resource] > have - used.get(resource, 0):
                failed.append(f"Insufficient {resource}")
        return failed

    def _same_topology(self, node_name, other_node, key) -> bool:
        value = self._topology(node_name, key)
        return value is not None and value == self._topology(other_node, key)

    def _pod_affinity(self, pod, node_name, others) -> str | None:
        """The InterPodAffinity rule the node breaks, or None."""
        uid = pod["metadata"].get("uid")
        for other_node, other in self.placements.repelling.values():
            if other["metadata"].get("uid") == uid:
                continue
            for term in _terms(other, "podAntiAffinity", REQUIRED):
                if _term_matches(term, other, pod) and self._same_topology(
                    node_name, other_node, term.get("topologyKey")
                ):
                    return EXISTING_ANTI_AFFINITY
        for term in _terms(pod, "podAntiAffinity", REQUIRED):
            for other_node, other in others:
                if _term_matches(term, pod, other) and self._same_topology(
                    node_name, other_node, term.get("topologyKey")
                ):
                    return ANTI_AFFINITY_RULES
        terms = _terms(pod, "podAffinity", REQUIRED)
        if not terms:
            return None
        if all(
            any(
                _term_matches(term, pod, other)
                and self._same_topology(node_name, other_node, term.get("topologyKey"))
                for other_node, other in others
            )
            for term in terms
        ):
            return None
        # The first pod of a group that selects itself may go anywhere the key exists.
        nobody = not any(_term_matches(t, pod, o) for t in terms for _, o in others)
        if (
            nobody
            and all(_term_matches(t, pod, pod) for t in terms)
            and all(self._topology(node_name, t.get("topologyKey")) is not None for t in terms)
        ):
            return None
        return AFFINITY_RULES

    def _rank(self, pod, asked, node, others):
        name = node["metadata"]["name"]
        score = 0
        for kind, sign in (("podAffinity", 1), ("podAntiAffinity", -1)):
            for preferred in _terms(pod, kind, PREFERRED):
                term = preferred.get("podAffinityTerm") or {}
                if any(
                    _term_matches(term, pod, other)
                    and self._same_topology(name, other_node, term.get("topologyKey"))
                    for other_node, other in others
                ):
                    score += sign * preferred.get("weight", 0)
        allocatable = node["status"].get("allocatable") or {}
        used = self.placements.used.get(name) or {}
        share = Fraction(0)
        for resource in ("cpu", "memory"):
            have = quantity.parse(allocatable.get(resource, "0")).value
            if have:
                share += (used.get(resource, 0) + asked.get(resource, 0)) / have
        return -score, share, name
