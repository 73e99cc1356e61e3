"""Free-text masking in worker processes, while the parent reads, decides and writes in order.

Only `mask_array` leaves the parent: a cell's spans depend on its text alone (the detectors keep
no state from text to text; their memos only save time), so the output is the same bytes
whatever the number of workers. The plan, the row subjects (whose known surnames grow batch
after batch) and every other action stay in the parent.

A column's rows are dealt to the workers by their digit-folded text, always the same worker
for the same text: registers repeat their texts from batch to batch, and each worker's memos
then hold its share of them instead of every worker searching every text again. The workers
are forked at the first full batch (they inherit the loaded lexicons; a table of one short
batch never starts them) and leave if the parent dies.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import time
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pyarrow as pa

from .. import settings
from .byte_edits import fold_digits
from .detectors import BY_KIND
from .vector import Masked, as_strings, distinct_values, mask_array

log = logging.getLogger(__name__)


def worker_count() -> int:
    """Processes masking free text: `OPENDATA_ANONYMIZE_WORKERS`, else one per CPU this
    process may run on (a container's CPU quota is not seen: set the variable there)."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, settings.current().anonymize_workers or usable or 1)


def _leave_with(parent: int) -> None:
    """In a worker: exit once `parent` is gone (killed, it cannot stop its workers)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _mask(array: pa.Array, kinds: tuple[str, ...]) -> Masked:
    return mask_array(array, [BY_KIND[k] for k in kinds])


class MaskedLater:
    """A column's masking under way: one part per worker, and the rows each part holds."""

    def __init__(self, parts: list[Future[Masked]], rows: list[np.ndarray] | None = None) -> None:
        self.parts = parts
        self.rows = rows  # None: one part, the whole column

    def result(self) -> Masked:
        """The masked column, rows back in their order (raises what a worker raised)."""
        done = [part.result() for part in self.parts]
        if self.rows is None:
            return done[0]
        order = np.concatenate(self.rows)
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        column = pa.concat_arrays([d.array for d in done]).take(pa.array(back))
        spans = sum((d.spans for d in done), Counter[str]())
        return Masked(column, spans, sum(d.changed for d in done))


class TextMasking:
    """`mask_array` of the text columns of successive batches: in `workers` forked processes
    from the first full batch on, else (one worker, a short table) in the calling process."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pools: list[ProcessPoolExecutor] = []

    @property
    def in_flight(self) -> int:
        """Batches that may wait for their masking: one being masked, one being prepared."""
        return 2 if self._pools else 1

    def new_batch(self, full: bool) -> None:
        """A batch comes; `full`: of the batch size (more may follow)."""
        # A daemonic process (itself a pool's worker) may not start processes.
        daemonic = multiprocessing.current_process().daemon
        if not self._pools and self.workers > 1 and full and not daemonic:
            self._start()

    def _start(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        # The heap the workers inherit stays out of their garbage collector: collecting it
        # would copy every page of it into each of them (and cost as much time).
        gc.freeze()
        try:
            for _ in range(self.workers):
                self._pools.append(
                    ProcessPoolExecutor(
                        1, mp_context=context, initializer=_leave_with, initargs=(os.getpid(),)
                    )
                )
                self._pools[-1].submit(os.getpid).result()  # forked now, the heap frozen
        except (OSError, BrokenProcessPool) as exc:  # no memory or process left: mask here
            log.warning("processus de masquage non démarrés (%s) : masquage dans ce processus", exc)
            self.close()
            self.workers = 1
        finally:
            gc.unfreeze()

    def submit(self, array: pa.Array, kinds: tuple[str, ...]) -> MaskedLater:
        """The masked `array` (detectors by kind, in their order of precedence), to come."""
        if not self._pools:
            done: Future[Masked] = Future()
            done.set_result(_mask(array, kinds))
            return MaskedLater([done])
        array = as_strings(array)
        texts, codes = distinct_values(fold_digits(array))
        share = np.array([hash(t) % len(self._pools) for t in texts.to_pylist()] + [0])
        rows = [np.flatnonzero(share[codes] == k) for k in range(len(self._pools))]
        return MaskedLater(
            [self._part(k, array.take(pa.array(r)), kinds) for k, r in enumerate(rows)], rows
        )

    def _part(self, worker: int, array: pa.Array, kinds: tuple[str, ...]) -> Future[Masked]:
        try:
            return self._pools[worker].submit(_mask, array, kinds)
        except BrokenProcessPool as exc:  # a worker died on an earlier batch
            failed: Future[Masked] = Future()
            failed.set_exception(exc)
            return failed

    def close(self) -> None:
        """Stop the workers (pending masking is dropped: the output is being abandoned)."""
        for pool in self._pools:
            pool.shutdown(wait=True, cancel_futures=True)
        self._pools = []
