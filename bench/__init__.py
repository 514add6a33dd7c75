"""The benchmark harness and training data preparation (not part of the installed package)."""
