"""A gradient-boosted tree ensemble evaluated with numpy, and the evidence behind each score.

The ensemble is trained by ``bench/train.py`` and shipped as a JSON data file. All
trees are walked at once, level by level, so a page of n blocks costs about
``depth`` vectorised steps. Each leaf keeps the splits on its path, with the change
in value each made; the features that split are credited with those changes (Saabas
attribution), so every score comes with the features that moved it, straight from the
trees that computed it.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np


# Rows scored per step (see `Ensemble.score`); any value gives the same scores.
ROWS_PER_STEP = 256  # as fast as 1,024 or more (cache-friendlier), a quarter of the memory


@dataclasses.dataclass(frozen=True, eq=False)
class Ensemble:
    names: tuple[str, ...]
    baseline: float
    feature: np.ndarray  # (trees, nodes) int: split feature; leaves point to themselves below
    threshold: np.ndarray  # (trees, nodes) float: go left when x <= threshold
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray  # (trees, nodes): node values (internal nodes: count-weighted mean)
    missing_left: np.ndarray  # (trees, nodes) bool
    depth: int
    meta: dict

    @classmethod
    def load(cls, path: str | Path) -> "Ensemble":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        arr = {k: np.asarray(data[k]) for k in ("feature", "threshold", "left", "right", "value", "missing_left")}
        return cls(
            names=tuple(data["names"]), baseline=float(data["baseline"]),
            feature=arr["feature"].astype(np.int64), threshold=arr["threshold"].astype(np.float64),
            left=arr["left"].astype(np.int64), right=arr["right"].astype(np.int64),
            value=arr["value"].astype(np.float64), missing_left=arr["missing_left"].astype(bool),
            depth=int(data["depth"]), meta=data.get("meta", {}),
        )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_flat", _flat_layout(self))

    def score(self, X: np.ndarray, explain: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """Raw scores (log-odds) of the rows of X, and per-feature contributions (n, features).

        Rows are scored `ROWS_PER_STEP` at a time: the walk's (rows, trees) work arrays
        then stay a few MB whatever the page's length (whole, they cost ~8 KB a block).
        """
        parts = [self._score_rows(X[i:i + ROWS_PER_STEP], explain) for i in range(0, max(len(X), 1), ROWS_PER_STEP)]
        raw = np.concatenate([p[0] for p in parts])
        return raw, (np.concatenate([p[1] for p in parts]) if explain else None)

    def _score_rows(self, X: np.ndarray, explain: bool) -> tuple[np.ndarray, np.ndarray | None]:
        """`score` of a few rows. The walk (`_leaves`) only finds each row's leaf in each
        tree; the attribution is read at the end from the leaf's path (`_flat_layout`'s
        ``path_feature`` and ``path_delta``), one ``np.bincount`` for all levels."""
        f = self._flat
        n = X.shape[0]
        node = self._leaves(X, missing=False)
        gaps = np.flatnonzero(np.isnan(X).any(axis=1))  # a page's first and last rows lack neighbours
        if len(gaps):
            node[gaps] = self._leaves(X[gaps], missing=True)
        raw = self.baseline + np.take(f["value"], node).sum(axis=1)
        if not explain:
            return raw, None
        names = len(self.names)
        # each row's bins after the rows before it; added in place over a row's (trees x
        # levels) at once: a broadcast over the levels alone cost 0.1 ms a page
        bins = np.take(f["path_feature"], node, axis=0).reshape(n, -1)
        bins += (np.arange(n) * names)[:, None]
        weights = np.take(f["path_delta"], node, axis=0)
        contrib = np.bincount(bins.ravel(), weights=weights.ravel(), minlength=n * names)
        return raw, contrib.reshape(n, names)

    def _leaves(self, X: np.ndarray, missing: bool) -> np.ndarray:
        """The leaf each row reaches in each tree, (rows, trees). Nodes of all trees are
        numbered globally, so each level of all trees is a few flat ``np.take`` calls.
        ``missing``: rows may hold NaN, sent the way each split sends a missing value (the
        other rows skip that work: NaN is rare, at a page's edges)."""
        f = self._flat
        n, width = X.shape
        node = np.broadcast_to(f["roots"], (n, len(f["roots"])))
        row_base = (np.arange(n) * width)[:, None]
        flat_x = X.ravel()
        for _ in range(f["levels"]):
            x = np.take(flat_x, row_base + np.take(f["feature"], node))
            right = x > np.take(f["threshold"], node)  # leaves: threshold +inf, never right
            if missing:
                right = np.where(np.isnan(x), np.take(f["missing_right"], node), right)
            node = np.take(f["first"], node) + right  # children sit side by side: left, then right
        return node if f["levels"] else np.array(node)  # (a fresh array, even for a model of leaves alone)


def _flat_layout(ensemble: Ensemble) -> dict[str, np.ndarray]:
    """All trees' nodes numbered globally, each internal node's two children side by side
    (left, then right), so a step of the walk is ``first[node] + (x > threshold[node])``.
    Only nodes reachable from a root are kept (the JSON's padding is not). A leaf is its own
    first child with an infinite threshold and goes "left" on a missing value: once there,
    the walk stays."""
    trees = ensemble.feature.shape[0]
    feature, threshold, first, value, missing_right, roots = [], [], [], [], [], []
    for t in range(trees):
        left, right = ensemble.left[t], ensemble.right[t]
        order, slot = [0], {0: 0}  # this tree's nodes in the new order, and where each went
        for node in order:  # breadth first; the list grows as children are placed
            if left[node] != node:
                for child in (int(left[node]), int(right[node])):
                    slot[child] = len(order)
                    order.append(child)
        base = len(feature)
        roots.append(base)
        for node in order:
            leaf = left[node] == node
            feature.append(0 if leaf else int(ensemble.feature[t, node]))
            threshold.append(np.inf if leaf else float(ensemble.threshold[t, node]))
            first.append(base + (slot[node] if leaf else slot[int(left[node])]))
            value.append(float(ensemble.value[t, node]))
            missing_right.append(False if leaf else not bool(ensemble.missing_left[t, node]))
    path_feature, path_delta = _leaf_paths(np.array(feature), np.array(first), np.array(value),
                                           ensemble.depth)
    return {"feature": np.array(feature, dtype=np.int64), "threshold": np.array(threshold),
            "path_feature": path_feature, "path_delta": path_delta, "levels": path_feature.shape[1],
            "first": np.array(first, dtype=np.int64), "value": np.array(value),
            "missing_right": np.array(missing_right, dtype=bool), "roots": np.array(roots, dtype=np.int64)}


def _leaf_paths(feature: np.ndarray, first: np.ndarray, value: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """Per node, the feature each split on the path from its root to it tested and the change
    in value that split made (Saabas attribution), one column a level, padded with zero
    changes: a pair of arrays, read at the leaves, as wide as the deepest leaf's level."""
    nodes = len(feature)
    path_feature = np.zeros((nodes, depth), dtype=np.int64)
    path_delta = np.zeros((nodes, depth))
    level = np.zeros(nodes, dtype=np.int64)
    for node in range(nodes):  # parents come before their children (each tree breadth first)
        if first[node] == node:  # a leaf (an internal node may have an infinite threshold)
            continue
        for child in (first[node], first[node] + 1):
            path_feature[child], path_delta[child] = path_feature[node], path_delta[node]
            level[child] = level[node] + 1
            path_feature[child, level[node]] = feature[node]
            path_delta[child, level[node]] = value[child] - value[node]
    deepest = int(level.max()) if nodes else 0  # the walk takes this many steps (``depth`` is a bound)
    return path_feature[:, :deepest], path_delta[:, :deepest]
