"""Run systems over pages, one worker process per system, one page at a time.

Each system runs in a forked worker pinned to one CPU, so a crash, a runaway page or
a memory blow-up stays in that worker: a page that raises, exceeds ``timeout`` seconds
or kills the worker is counted as a failure (empty output) and the worker restarts on
the next page. Inputs are built once in the parent (text mode renders each page once)
and inherited by the workers; only the system's own call is timed, in CPU seconds of
the worker (``time.process_time``), so load from other users of the machine does not
distort the figures.
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


def _worker(system: System, mode: str, inputs: Sequence[str], start: int, conn, timeout: float) -> None:
    _pin_one_cpu()
    logging.disable(logging.CRITICAL)  # peers' own logging (boilerpy3 logs every parse error) is noise here
    signal.signal(signal.SIGALRM, _on_alarm)
    try:
        extract = system.load("html" if mode == "html" else "text")
    except BaseException:
        conn.send(("load_error", traceback.format_exc(limit=3)))
        return
    wrap = system.needs_html and mode != "html"
    _reset_peak()
    base_kb = _status_kb("VmRSS")
    for index in range(start, len(inputs)):
        source = lines_to_html(inputs[index]) if wrap else inputs[index]
        conn.send(("page", index, _run_one(extract, system.prepare, source, timeout)))
        conn.send(("mem", max(0, _status_kb("VmHWM") - base_kb) / 1024))
    conn.send(("done",))


def _drain(conn, pages: list[PageRun], start: int, patience: float) -> tuple[int, float, str | None, bool]:
    """Read a worker's messages; return (next index, peak MB, load error, finished)."""
    index, peak = start, 0.0
    while True:
        if not conn.poll(patience):
            return index, peak, None, False  # hung outside Python: the caller kills it
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return index, peak, None, False  # worker died
        if message[0] == "page":
            pages[message[1]], index = message[2], message[1] + 1
        elif message[0] == "mem":
            peak = max(peak, message[1])
        elif message[0] == "load_error":
            return index, peak, message[1], True
        else:
            return index, peak, None, True


def run_system(system: System, mode: str, inputs: Sequence[str], *, timeout: float = 30.0,
               progress: bool = False) -> SystemRun:
    """Run ``system`` on every input; failures never stop the run."""
    pages = [PageRun() for _ in inputs]
    index, peak = 0, 0.0
    while index < len(inputs):
        receive, send = _CTX.Pipe(duplex=False)
        worker = _CTX.Process(target=_worker, args=(system, mode, inputs, index, send, timeout), daemon=True)
        worker.start()
        send.close()
        index, worker_peak, load_error, finished = _drain(receive, pages, index, timeout * 2 + 30)
        peak = max(peak, worker_peak)
        if worker.is_alive() and not finished:
            worker.kill()
        worker.join()
        receive.close()
        if load_error:
            return SystemRun(system.name, [PageRun(error="not installed") for _ in inputs], 0.0, load_error)
        if not finished and index < len(inputs):
            pages[index] = PageRun(error=f"worker died or hung (exit code {worker.exitcode})")
            index += 1
        if progress:
            print(f"  {system.name} [{mode}]: {index}/{len(inputs)} pages", file=sys.stderr)
    return SystemRun(system.name, pages, peak)
