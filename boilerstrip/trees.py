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
        trees, width = self.feature.shape
        offset = (np.arange(trees) * width)[:, None]
        flat = {
            "feature": self.feature.ravel(),
            "threshold": self.threshold.ravel(),
            "left": (self.left + offset).ravel(),
            "right": (self.right + offset).ravel(),
            "value": self.value.ravel(),
            "missing_left": self.missing_left.ravel(),
            "roots": offset.ravel(),
        }
        object.__setattr__(self, "_flat", flat)

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
        row_names = (np.arange(n) * len(self.names))[:, None]
        for _ in range(self.depth):
            feat = np.take(f["feature"], node)
            x = np.take(flat_x, row_base + feat)
            go_left = x <= np.take(f["threshold"], node)
            missing = np.isnan(x)
            if missing.any():
                go_left = np.where(missing, np.take(f["missing_left"], node), go_left)
            child = np.where(go_left, np.take(f["left"], node), np.take(f["right"], node))
            if explain:
                delta = np.take(f["value"], child) - np.take(f["value"], node)
                contrib += np.bincount((row_names + feat).ravel(), weights=delta.ravel(), minlength=contrib.size)
            node = child
        raw = self.baseline + np.take(f["value"], node).sum(axis=1)
        if explain:
            return raw, contrib.reshape(n, len(self.names))
        return raw, None
