"""A sandbox parent started once per worker process, with onnxruntime and numpy imported, that forks one child per model.

Starting a fresh interpreter and importing onnxruntime and numpy took most of a small model's
validation (about 0.2 s of 0.25 s on the 2-core bench machine). The zygote pays that once: it
is exec'd (so it starts clean, whatever threads the worker has), imports what the child needs,
never builds a session (onnxruntime starts its thread pools with the first session), and forks
a child for each request. Fork copies only the calling thread. Two threads could be copied
mid-work: numpy's BLAS pool, kept from starting by OPENBLAS_NUM_THREADS=1, and one native
thread onnxruntime 1.32 starts when its library loads, which parks in a timed wait (about
10 s) holding no lock; a child that ever hung on state that thread left behind would meet the
same wall-clock limit as any model that hangs. Importing onnxruntime in each child instead
cost 60-100 ms more per validation on the bench machine.

The worker sends each request over a Unix socket with the two pipes the child writes to; the
child confines itself exactly as a fresh sandbox process would (sandbox.confine: dies with its
parent, address-space, CPU-time and core limits, its own session and folder), and the zygote
appends the child's exit status to its output when it reaps it. The zygote dies with the worker
(PR_SET_PDEATHSIG), its children die with it, and the worker starts a new one when it is gone.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MESSAGE_BYTES = 64 << 10


class SandboxLost(RuntimeError):
    """The zygote died while a child ran; the job fails and is retried (validation is idempotent)."""


# --- worker side -----------------------------------------------------------------------------


class Zygote:
    """The worker's handle on its zygote: started on first use, started again when it has died."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the event loop and a boot-time start may race
        self._process: subprocess.Popen[bytes] | None = None
        self._control: socket.socket | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.poll() is None else None

    def start(self) -> None:
        """Start it now unless it runs; call from a thread that lives as long as the process (see sandbox.run)."""
        with self._lock:
            self._ensure()

    def _ensure(self) -> socket.socket:
        if self._process is not None and self._process.poll() is None and self._control is not None:
            return self._control
        self._close()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {
            **os.environ,
            # glibc reserves 64 MiB of address space per thread arena; two arenas keep the limit about
            # real memory. Read at start, so set for the zygote: its children inherit its malloc.
            "MALLOC_ARENA_MAX": "2",
            # numpy's BLAS would start threads at import, and a fork copies only the calling thread.
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "backend.registry.validation.zygote", str(theirs.fileno()), str(os.getpid())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl-C to the worker's group must not end it under a running job
                env=env,
            )
        finally:
            theirs.close()
        self._control = ours
        log.info("validation sandbox zygote started", extra={"zygote_pid": self._process.pid})
        return ours

    def _close(self) -> None:
        if self._control is not None:
            self._control.close()
            self._control = None
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
            log.warning(
                "validation sandbox zygote was gone; starting another", extra={"code": self._process.returncode}
            )
            self._process = None

    def submit(self, job: str, request: dict[str, Any], stdout: int, stderr: int) -> None:
        """Have the zygote fork a child for `request` writing to the pipes `stdout` and `stderr`."""
        message = json.dumps({"op": "run", "job": job, **request}).encode()
        with self._lock:
            for attempt in (1, 2):
                control = self._ensure()
                try:
                    socket.send_fds(control, [message], [stdout, stderr])
                    return
                except OSError:  # it died after the check: start another once
                    if attempt == 2:
                        raise
                    self._close()

    def kill(self, job: str) -> None:
        """SIGKILL the job's child if it still runs; a gone zygote has taken its children with it."""
        with self._lock:
            if self._control is None or self._process is None or self._process.poll() is not None:
                return
            with contextlib.suppress(OSError):
                self._control.send(json.dumps({"op": "kill", "job": job}).encode())


ZYGOTE = Zygote()


# --- zygote side -----------------------------------------------------------------------------


class _Server:
    def __init__(self, control: socket.socket) -> None:
        self.control = control
        self.jobs: dict[str, tuple[int, int]] = {}  # job -> (child pid, write end of its stdout)
        self.by_pid: dict[int, str] = {}
        self.wake_r, self.wake_w = os.pipe()
        for fd in (self.wake_r, self.wake_w):
            os.set_blocking(fd, False)
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so the wakeup fd sees it

    def serve(self) -> None:
        while True:
            ready, _, _ = select.select([self.control.fileno(), self.wake_r], [], [])
            if self.wake_r in ready:
                while True:
                    try:
                        if not os.read(self.wake_r, 4096):
                            break
                    except BlockingIOError:
                        break
                self.reap()
            if self.control.fileno() in ready and not self.receive():
                self.shutdown()
                return

    def receive(self) -> bool:
        try:
            data, fds, _, _ = socket.recv_fds(self.control, MESSAGE_BYTES, 2)
        except InterruptedError:
            return True
        if not data:
            return False
        request = json.loads(data)
        if request["op"] == "run":
            stdout, stderr = fds
            self.fork(request, stdout, stderr)
        elif request["op"] == "kill" and request["job"] in self.jobs:
            self.kill(self.jobs[request["job"]][0])
        for fd in fds[2:]:
            os.close(fd)
        return True

    def fork(self, request: dict[str, Any], stdout: int, stderr: int) -> None:
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            self.child(request, stdout, stderr, parent)  # never returns
        os.close(stderr)
        self.jobs[request["job"]] = (pid, stdout)  # kept open to append the exit status
        self.by_pid[pid] = request["job"]

    def child(self, request: dict[str, Any], stdout: int, stderr: int, parent: int) -> None:
        code = 1
        try:
            os.setsid()  # a group of its own, as a fresh sandbox process had: killpg reaches all of it
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.dup2(stdout, 1)
            os.dup2(stderr, 2)
            # Other jobs' pipes would hold their readers open until this child ended.
            for fd in (stdout, stderr, self.wake_r, self.wake_w, *(out for _, out in self.jobs.values())):
                os.close(fd)
            self.control.close()
            from backend.registry.validation import sandbox

            folder = Path(request["path"]).parent
            os.environ["TMPDIR"] = tempfile.tempdir = os.fspath(folder)
            os.chdir(folder)
            sandbox.confine(parent=parent, memory_bytes=request["memory_bytes"], cpu_seconds=request["cpu_seconds"])
            sandbox.inspect(request["path"], request["runs"])
            code = 0
        except SystemExit as exc:
            print(exc.code, file=sys.stderr)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def kill(self, pid: int) -> None:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:  # killed before its setsid: no group of that id yet
            os.kill(pid, signal.SIGKILL)

    def reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            job = self.by_pid.pop(pid, None)
            if job is None:
                continue
            _, stdout = self.jobs.pop(job)
            with contextlib.suppress(OSError):  # the worker stopped reading: nobody waits for it
                os.write(stdout, json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
            os.close(stdout)

    def shutdown(self) -> None:
        for pid, _ in list(self.jobs.values()):
            self.kill(pid)


def main(control_fd: int, parent: int) -> None:
    from backend.registry.validation import sandbox

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sandbox.die_with(parent)
    control = socket.socket(fileno=control_fd)
    # What every child needs, imported once; no session is built here (see the module docstring).
    import numpy  # noqa: F401
    import onnxruntime  # noqa: F401

    import backend.kit.tensors  # noqa: F401

    _Server(control).serve()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
