"""A gradient-boosted tree ensemble evaluated with numpy, and the evidence behind each score.

The ensemble is trained by ``bench/train.py`` and shipped as a JSON data file. All
trees are walked at once, level by level, so a page of n blocks costs about
``depth`` vectorised steps. Each step also credits the change in the node's value
to the feature that split it (Saabas attribution), so every score comes with the
features that moved it, straight from the trees that computed it.
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
        """`score` of a few rows. Nodes of all trees are numbered globally, so each level
        of all trees is a few flat ``np.take`` calls over a (rows, trees) array."""
        f = self._flat
        n, width = X.shape[0], X.shape[1]
        node = np.broadcast_to(f["roots"], (n, len(f["roots"])))
        row_base = (np.arange(n) * width)[:, None]
        flat_x = X.ravel()
        contrib = np.zeros(n * len(self.names)) if explain else None
        row_names = row_base if width == len(self.names) else (np.arange(n) * len(self.names))[:, None]
        for _ in range(self.depth):
            feat = np.take(f["feature"], node)
            at = row_base + feat
            x = np.take(flat_x, at)
            right = x > np.take(f["threshold"], node)  # leaves: threshold +inf, never right
            missing = np.isnan(x)
            if missing.any():
                right = np.where(missing, np.take(f["missing_right"], node), right)
            child = np.take(f["first"], node) + right  # children sit side by side: left, then right
            if explain:
                delta = np.take(f["value"], child) - np.take(f["value"], node)
                bins = at if row_names is row_base else row_names + feat  # (X's columns are the names)
                contrib += np.bincount(bins.ravel(), weights=delta.ravel(), minlength=contrib.size)
            node = child
        raw = self.baseline + np.take(f["value"], node).sum(axis=1)
        if explain:
            return raw, contrib.reshape(n, len(self.names))
        return raw, None


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
    return {"feature": np.array(feature, dtype=np.int64), "threshold": np.array(threshold),
            "first": np.array(first, dtype=np.int64), "value": np.array(value),
            "missing_right": np.array(missing_right, dtype=bool), "roots": np.array(roots, dtype=np.int64)}
