"""PATCH bodies: JSON merge patch (RFC 7386), strategic merge patch and JSON patch (RFC 6902).

Strategic merge knows the merge keys of the lists clients patch (``spec.nics`` by ``name``,
``status.conditions`` by ``type``, …); other lists are replaced as in a merge patch.
"""

from __future__ import annotations

import copy

MERGE_KEYS = {
    ("spec", "nics"): "name",
    ("spec", "containers"): "name",
    ("spec", "initContainers"): "name",
    ("spec", "volumes"): "name",
    ("spec", "workloadInfo"): "name",
    ("spec", "virtualMachine", "volumeMounts"): "mountPath",
    ("spec", "virtualMachine", "volumeDevices"): "devicePath",
    ("status", "conditions"): "type",
    ("metadata", "ownerReferences"): "uid",
}
PRIMITIVE_MERGE_LISTS = {("metadata", "finalizers")}


class PatchError(Exception):
    """The patch cannot be applied (422 for JSON patch operations)."""


class PatchDecodeError(Exception):
    """The JSON patch does not decode into Go's ``jsonpatch.Patch`` (400 BadRequest)."""


def _go_json_type(value) -> str:
    """The JSON type name Go's encoding/json quotes in an UnmarshalTypeError."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def strategic_merge_patch(target, patch, path=()):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if patch.get("$patch") == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if key.startswith("$setElementOrder/") or key == "$retainKeys":
            continue
        if key.startswith("$deleteFromPrimitiveList/"):
            name = key.split("/", 1)[1]
            result[name] = [v for v in result.get(name) or [] if v not in value]
            continue
        sub = path + (key,)
        if value is None:
            result.pop(key, None)
        elif isinstance(value, list) and sub in MERGE_KEYS:
            result[key] = _merge_keyed_list(result.get(key) or [], value, MERGE_KEYS[sub], sub)
        elif isinstance(value, list) and sub in PRIMITIVE_MERGE_LISTS:
            current = list(result.get(key) or [])
            result[key] = current + [v for v in value if v not in current]
        else:
            result[key] = strategic_merge_patch(result.get(key), value, sub)
    return result


def _merge_keyed_list(original, patch, key, path):
    """Patch items first (in patch order, merged into originals), then untouched originals."""
    by_key = {item.get(key): item for item in original if isinstance(item, dict)}
    if any(isinstance(p, dict) and p.get("$patch") == "replace" for p in patch):
        return [copy.deepcopy(p) for p in patch if not (isinstance(p, dict) and "$patch" in p)]
    deleted, merged = set(), []
    for item in patch:
        if not isinstance(item, dict):
            merged.append(item)
            continue
        if item.get("$patch") == "delete":
            deleted.add(item.get(key))
            continue
        name = item.get(key)
        merged.append(strategic_merge_patch(by_key.get(name, {}), item, path))
        deleted.add(name)
    return merged + [o for o in original if not (isinstance(o, dict) and o.get(key) in deleted)]


def _pointer(path):
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError(f"invalid JSON pointer {path!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _parent(doc, parts):
    node = doc
    for part in parts[:-1]:
        if isinstance(node, list):
            node = node[_index(node, part, False)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise PatchError("path not found")
    return node


def _index(node, part, adding):
    if part == "-" and adding:
        return len(node)
    if not part.isdigit():
        raise PatchError("bad array index")
    i = int(part)
    if i > len(node) or (i == len(node) and not adding):
        raise PatchError("array index out of range")
    return i


def _get(doc, parts):
    if not parts:
        return doc
    parent = _parent(doc, parts)
    last = parts[-1]
    if isinstance(parent, list):
        return parent[_index(parent, last, False)]
    if not isinstance(parent, dict) or last not in parent:
        raise PatchError("path not found")
    return parent[last]


def _remove(doc, parts):
    parent = _parent(doc, parts)
    last = parts[-1]
    if isinstance(parent, list):
        return parent.pop(_index(parent, last, False))
    if not isinstance(parent, dict) or last not in parent:
        raise PatchError("path not found")
    return parent.pop(last)


def _add(doc, parts, value, replace=False):
    if not parts:
        return value
    parent = _parent(doc, parts)
    last = parts[-1]
    if isinstance(parent, list):
        i = _index(parent, last, not replace)
        if replace:
            parent[i] = value
        else:
            parent.insert(i, value)
    elif isinstance(parent, dict):
        # Arktos's json-patch (evanphx v4) lets ``replace`` add a missing key.
        parent[last] = value
    else:
        raise PatchError("path not found")
    return doc


def json_patch(target, ops):
    if ops is None:
        return copy.deepcopy(target)
    if not isinstance(ops, list):
        raise PatchDecodeError(
            f"json: cannot unmarshal {_go_json_type(ops)} into Go value of type jsonpatch.Patch"
        )
    for op in ops:
        if op is not None and not isinstance(op, dict):
            raise PatchDecodeError(
                f"json: cannot unmarshal {_go_json_type(op)} into Go value of type "
                "jsonpatch.Operation"
            )
    doc = copy.deepcopy(target)
    for op in ops:
        if not op or not isinstance(op.get("path"), str):
            raise PatchError("operation missing path")
        kind, parts = op.get("op"), _pointer(op["path"])
        if kind == "add":
            doc = _add(doc, parts, copy.deepcopy(op.get("value")))
        elif kind == "remove":
            _remove(doc, parts)
        elif kind == "replace":
            doc = _add(doc, parts, copy.deepcopy(op.get("value")), replace=True)
        elif kind in ("move", "copy"):
            src = _pointer(op.get("from", ""))
            value = _remove(doc, src) if kind == "move" else copy.deepcopy(_get(doc, src))
            doc = _add(doc, parts, value)
        elif kind == "test":
            if _get(doc, parts) != op.get("value"):
                raise PatchError("test failed")
        else:
            raise PatchError(f"Unexpected kind: {kind}")
    return doc


PATCH_TYPES = {
    "application/merge-patch+json": merge_patch,
    "application/strategic-merge-patch+json": strategic_merge_patch,
    "application/json-patch+json": json_patch,
}
