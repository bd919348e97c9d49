"""Partial responses: Google's ``fields`` parameter (``a,b/c,d(e,f)``) applied to a response."""

from __future__ import annotations

from typing import Any

Mask = dict[str, "Mask | None"]  # None: everything below this key


class MaskError(ValueError):
    pass


def parse(text: str) -> Mask:
    mask, rest = _items(text.replace(" ", ""), 0)
    if rest != len(text.replace(" ", "")):
        raise MaskError(text)
    return mask


def _items(text: str, i: int) -> tuple[Mask, int]:
    mask: Mask = {}
    while i < len(text) and text[i] != ")":
        start = i
        while i < len(text) and text[i] not in ",()":
            i += 1
        path = [p for p in text[start:i].replace("/", ".").split(".") if p]
        if not path:
            raise MaskError(text)
        sub: Mask | None = None
        if i < len(text) and text[i] == "(":
            sub, i = _items(text, i + 1)
            if i >= len(text) or text[i] != ")":
                raise MaskError(text)
            i += 1
        _merge(mask, path, sub)
        if i < len(text) and text[i] == ",":
            i += 1
    return mask, i


def _merge(mask: Mask, path: list[str], sub: Mask | None) -> None:
    head, rest = path[0], path[1:]
    if rest:
        child = mask.get(head, {}) if head in mask else {}
        if child is None:
            return  # already everything
        mask[head] = child
        _merge(child, rest, sub)
        return
    if sub is None or mask.get(head, {}) is None:
        mask[head] = None
    else:
        existing = mask.setdefault(head, {})
        for k, v in sub.items():
            _merge(existing, [k], v)


def wants(mask: Mask | None, *path: str) -> bool:
    """Does the mask ask for anything at or below ``path``?"""
    node: Mask | None = mask
    for key in path:
        if node is None:
            return True
        if "*" in node and key not in node:
            return True
        if key not in node:
            return False
        node = node[key]
    return True


def sub(mask: Mask | None, *path: str) -> Mask | None:
    node = mask
    for key in path:
        if node is None:
            return None
        node = node.get(key, node.get("*", {}))
    return node


def apply(value: Any, mask: Mask | None) -> Any:
    if mask is None:
        return value
    if isinstance(value, list):
        return [apply(v, mask) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, inner in value.items():
        if key not in mask and "*" not in mask:
            continue
        sub_mask = mask.get(key, mask.get("*"))
        kept = apply(inner, sub_mask)
        if kept == {} and isinstance(inner, dict) and sub_mask is not None:
            continue
        out[key] = kept
    return out
