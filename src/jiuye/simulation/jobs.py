"""Simulation runs in the background, so the web server keeps answering while one runs.

One worker thread runs the jobs in order (the machine's cores go to the engine, which Polars
parallelises); a page polls a job's progress (HTMX) until it is done. A job belongs to the user
who started it. Finished jobs keep their result and workbook; the oldest are dropped beyond
``KEEP`` jobs.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NotFound
from .demo import demo_rows, ensure_demo
from .reform import Reform
from .runner import Population, SimulationResult, expected_rows, simulate

KEEP = 20
log = logging.getLogger("jiuye.simulation")


@dataclass
class Job:
    id: str
    owner: int | None
    reform: Reform
    years: list[int]
    baseline_only: bool = False
    status: str = "queued"  # queued | preparing | running | done | failed
    done: int = 0
    total: int = 1
    label: str = ""
    result: SimulationResult | None = None
    workbook: Path | None = None
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done / max(self.total, 1)))

    @property
    def finished_ok(self) -> bool:
        return self.status == "done" and self.result is not None


class JobManager:
    def __init__(self, workers: int = 1):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jiuye-simulation")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._dir = Path(tempfile.mkdtemp(prefix="jiuye-simulation-jobs-"))

    def submit(self, owner: int | None, reform: Reform, years: list[int], *, baseline_only: bool = False) -> Job:
        job = Job(secrets.token_urlsafe(12), owner, reform, years, baseline_only)
        with self._lock:
            self._jobs[job.id] = job
            self._trim()
        self._pool.submit(self._run, job)
        return job

    def get(self, job_id: str, owner: int | None) -> Job:
        job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise NotFound("仿真任务", "simulation run", job_id)
        return job

    def latest(self, owner: int | None, *, baseline_only: bool, years: list[int]) -> Job | None:
        """The newest budget (or simulation) job of ``owner`` for these years that has not failed."""
        jobs = [j for j in self._jobs.values() if j.owner == owner and j.baseline_only == baseline_only
                and j.years == years and j.status != "failed"]
        return max(jobs, key=lambda j: j.created) if jobs else None

    def _trim(self) -> None:
        done = sorted((j for j in self._jobs.values() if j.finished), key=lambda j: j.created)
        for j in done[:max(0, len(self._jobs) - KEEP)]:
            self._jobs.pop(j.id, None)
            if j.workbook is not None:
                shutil.rmtree(j.workbook.parent, ignore_errors=True)

    def _run(self, job: Job) -> None:
        from .outputs import write_outputs

        try:
            job.status, job.label, job.total = "preparing", "准备演示人口", demo_rows()
            folder = ensure_demo(lambda kind, n: self._advance(job, n))
            pop = Population.from_dir(folder)
            job.status, job.done = "running", 0
            job.total = expected_rows(job.reform, pop, job.years, baseline_only=job.baseline_only)
            job.result = simulate(job.reform, pop, job.years, baseline_only=job.baseline_only,
                                  on_rows=lambda label, n: self._advance(job, n, label))
            out = self._dir / job.id
            job.workbook = write_outputs(job.result, out)["simulation.xlsx"]
            job.status = "done"
        except Exception:  # noqa: BLE001 - reported on the page, never a 500
            log.exception("simulation job %s failed", job.id)
            job.status, job.error = "failed", "仿真未能完成，请稍后重试或联系管理员 / the run failed; try again later"
        finally:
            job.finished = time.time()

    @staticmethod
    def _advance(job: Job, n: int, label: str | None = None) -> None:
        job.done += n
        if label:
            job.label = label


_manager: JobManager | None = None
_manager_lock = threading.Lock()


def manager() -> JobManager:
    global _manager
    with _manager_lock:
        if _manager is None:
            _manager = JobManager()
        return _manager

