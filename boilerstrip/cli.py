"""The ``boilerstrip`` command: argument parsing and dispatch only.

Each subcommand lives in its own module (``cli_<name>.py``) exposing
``register(subparsers)``; the library does the work.

Exit status: 0 when every input was cleaned, 1 when some failed (the others are
still written), 2 for usage errors.
"""
from __future__ import annotations

import argparse
import importlib
import signal
import sys

from . import __version__

_COMMAND_MODULES = ("cli_clean", "cli_profile", "cli_eval", "cli_report")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boilerstrip",
        description="Strip boilerplate (menus, related articles, comments, footers) from scraped pages.",
    )
    parser.add_argument("--version", action="version", version=f"boilerstrip {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in _COMMAND_MODULES:
        importlib.import_module(f"boilerstrip.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    previous = _interrupt_on_sigterm()
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("boilerstrip: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `boilerstrip clean big.jsonl | head`
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt_on_sigterm():
    """SIGTERM (what schedulers and `kill` send) interrupts like Ctrl-C, so the clean-up
    runs: without it an open output's temporary ``.part`` file was left behind."""
    try:
        return signal.signal(signal.SIGTERM, signal.default_int_handler)
    except ValueError:  # not the main thread: signals are the caller's business
        return None


if __name__ == "__main__":
    sys.exit(main())
