"""Run systems over pages, one worker process per system, one page at a time, the systems
taking turns a few pages at a time.

Each system runs in a forked worker pinned to one CPU, so a crash, a runaway page or
a memory blow-up stays in that worker: a page that raises, exceeds ``timeout`` seconds
or kills the worker is counted as a failure (empty output) and the worker restarts on
the next page. Inputs are built once in the parent (text mode renders each page once)
and inherited by the workers; only the system's own call is timed, in CPU seconds of
the worker (``time.process_time``), so load from other users of the machine does not
distort the figures.

CPU seconds still depend on what else the machine runs (the same code measured 32.8 and
53.9 pages/s on trafilatura-eval's HTML in two runs), and a run of one system after
another compared systems measured in different conditions (0.84x and 1.04x trafilatura's
speed in those two runs). So every system's worker stays up for the whole run and the
systems take turns, `CHUNK_PAGES` pages each, in an order that rotates: whatever the
machine does meanwhile, each system meets it on its share of every stretch of pages.
"""
from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import signal
import sys
import time
import traceback
from typing import Sequence

from .systems import System, lines_to_html

_CTX = multiprocessing.get_context("fork")


@dataclasses.dataclass
class PageRun:
    output: str | None = None
    cpu_seconds: float = 0.0
    error: str | None = None  # "TimeoutError: ...", "worker died", or the peer's exception


@dataclasses.dataclass
class SystemRun:
    system: str
    pages: list[PageRun]
    peak_mb: float  # peak RSS of the worker above its RSS before the first page, max over restarts
    load_error: str | None = None


def _status_kb(field: str) -> int:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak resident) of this process, in kB; 0 off Linux."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak() -> None:
    """Forget the peak RSS inherited from the parent (Linux: write 5 to clear_refs)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _on_alarm(signum, frame):
    raise TimeoutError("page took longer than the per-page timeout")


def _pin_one_cpu() -> None:
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
    except (AttributeError, OSError):  # not Linux: run unpinned
        pass


def _run_one(extract, prepare, source: str, timeout: float) -> PageRun:
    arg = prepare(source) if prepare else source
    signal.setitimer(signal.ITIMER_REAL, timeout)
    start = time.process_time()
    try:
        return PageRun(output=extract(arg), cpu_seconds=time.process_time() - start)
    except BaseException as exc:  # a peer's own failure, or the timeout
        return PageRun(cpu_seconds=time.process_time() - start, error=f"{type(exc).__name__}: {exc}"[:300])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


# Pages a system runs before the next system's turn: short enough that a change in the
# machine's load falls on every system alike, long enough that the turns cost nothing
# (a turn is one message each way).
CHUNK_PAGES = 25


def _worker(system: System, mode: str, inputs: Sequence[str], commands, results, timeout: float) -> None:
    """Load the system, then run the page ranges the parent sends, until it sends ``None``."""
    _pin_one_cpu()
    logging.disable(logging.CRITICAL)  # peers' own logging (boilerpy3 logs every parse error) is noise here
    signal.signal(signal.SIGALRM, _on_alarm)
    try:
        extract = system.load("html" if mode == "html" else "text")
    except BaseException:
        results.send(("load_error", traceback.format_exc(limit=3)))
        return
    wrap = system.needs_html and mode != "html"
    _reset_peak()
    base_kb = _status_kb("VmRSS")
    results.send(("ready",))
    while (command := commands.recv()) is not None:
        start, stop = command
        for index in range(start, stop):
            source = lines_to_html(inputs[index]) if wrap else inputs[index]
            results.send(("page", index, _run_one(extract, system.prepare, source, timeout)))
            results.send(("mem", max(0, _status_kb("VmHWM") - base_kb) / 1024))
        results.send(("done", stop))


class _Runner:
    """One system's worker, restarted after a page that killed or hung it."""

    def __init__(self, system: System, mode: str, inputs: Sequence[str], timeout: float):
        self.system, self.mode, self.inputs, self.timeout = system, mode, inputs, timeout
        self.pages = [PageRun() for _ in inputs]
        self.peak = 0.0
        self.load_error: str | None = None
        self.process = self.commands = self.results = None
        self._exitcode: int | None = None

    @property
    def patience(self) -> float:
        """How long a page may go silent before its worker counts as hung outside Python."""
        return self.timeout * 2 + 30

    def run(self, start: int, stop: int) -> None:
        """Pages ``start`` to ``stop``; a page that kills or hangs the worker fails alone."""
        index = start
        while index < stop and self.load_error is None:
            if self.process is None and not self._start():
                break
            self.commands.send((index, stop))
            index, finished = self._drain(index)
            if not finished:
                self._stop(kill=True)
                self.pages[index] = PageRun(error=f"worker died or hung (exit code {self._exitcode})")
                index += 1
        if self.load_error is not None:
            self.pages[index:stop] = [PageRun(error="not installed") for _ in range(index, stop)]

    def _start(self) -> bool:
        commands, self.commands = _CTX.Pipe(duplex=False)
        self.results, results = _CTX.Pipe(duplex=False)
        self.process = _CTX.Process(target=_worker, args=(self.system, self.mode, self.inputs, commands, results,
                                                          self.timeout), daemon=True)
        self.process.start()
        commands.close()
        results.close()
        message = self._receive()
        if message is not None and message[0] == "ready":
            return True
        self.load_error = message[1] if message is not None else "worker died while loading"
        self._stop(kill=True)
        return False

    def _receive(self):
        if not self.results.poll(self.patience):
            return None  # hung outside Python: the caller kills it
        try:
            return self.results.recv()
        except (EOFError, OSError):
            return None  # worker died

    def _drain(self, index: int) -> tuple[int, bool]:
        """Read the worker's messages until its range is done; (next index, finished)."""
        while (message := self._receive()) is not None:
            if message[0] == "page":
                self.pages[message[1]], index = message[2], message[1] + 1
            elif message[0] == "mem":
                self.peak = max(self.peak, message[1])
            elif message[0] == "done":
                return message[1], True
        return index, False

    def _stop(self, kill: bool = False) -> None:
        if self.process is None:
            return
        if not kill:
            try:
                self.commands.send(None)
            except OSError:  # the worker is gone already
                kill = True
        if kill:
            self.process.kill()
        self.process.join()
        self._exitcode = self.process.exitcode
        self.commands.close()
        self.results.close()
        self.process = self.commands = self.results = None

    def close(self) -> SystemRun:
        self._stop()
        return SystemRun(self.system.name, self.pages, self.peak, self.load_error)


def run_systems(systems: Sequence[System], mode: str, inputs: Sequence[str], *, timeout: float = 30.0,
                progress: bool = False, chunk: int = CHUNK_PAGES) -> dict[str, SystemRun]:
    """Run every system on every input, the systems taking turns ``chunk`` pages at a
    time (the first to go rotates each turn); failures never stop the run."""
    runners = [_Runner(system, mode, inputs, timeout) for system in systems]
    try:
        for turn, start in enumerate(range(0, len(inputs), chunk)):
            for k in range(len(runners)):
                runners[(turn + k) % len(runners)].run(start, min(start + chunk, len(inputs)))
            if progress and (turn % 10 == 9 or start + chunk >= len(inputs)):
                print(f"  [{mode}]: {min(start + chunk, len(inputs))}/{len(inputs)} pages", file=sys.stderr)
    finally:
        runs = {runner.system.name: runner.close() for runner in runners}
    return runs


def run_system(system: System, mode: str, inputs: Sequence[str], *, timeout: float = 30.0,
               progress: bool = False) -> SystemRun:
    """Run ``system`` on every input; failures never stop the run."""
    return run_systems([system], mode, inputs, timeout=timeout, progress=progress)[system.name]
