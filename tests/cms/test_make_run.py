"""`make run`'s process handling: Ctrl-C stops the site and its three workers, cleanly and at
once, without the shell crashing (a TERM trap that signalled its own group used to recurse
until bash died with a segmentation fault, leaving workers behind).

The real recipe runs, with stand-ins for Python and uvicorn in a throwaway virtualenv folder:
each stand-in records the signal it got, so the test sees what a person pressing Ctrl-C would
(the terminal back, nothing left running), in a few seconds instead of a demo load."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

STAND_IN = """#!{python}
# A stand-in for {name}: setup steps return at once; long-running ones, like uvicorn and
# db_worker, handle INT and TERM themselves (a shell's background job starts with INT ignored).
import os, signal, sys, time
args = " ".join(sys.argv[1:])
if "prepare_demo_site" in args or "compilemessages" in args:
    sys.exit(0)
with open("{log}", "a") as log:
    log.write(f"started {{os.getpid()}} {{args}}\\n")
def stop(signum, frame):
    with open("{log}", "a") as log:
        log.write(f"stopped-by-{{signal.Signals(signum).name}} {{os.getpid()}}\\n")
    sys.exit(0)
signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
while True:
    time.sleep(0.1)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed here")
def test_ctrl_c_stops_the_site_and_its_workers(tmp_path):
    """Ctrl-C on `make run` gives the terminal back within seconds, the web process and the
    three workers all stop, and the shell does not crash."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "processes.log"
    for name in ("python", "uvicorn"):
        script = venv / "bin" / name
        script.write_text(STAND_IN.format(python=sys.executable, name=name, log=log))
        script.chmod(0o755)
    # Installed already, for make: the stamps are newer than pyproject.toml.
    for stamp in (".installed-site", ".installed"):
        (venv / stamp).touch()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    make = subprocess.Popen(  # noqa: S603 - make with arguments of ours
        ["make", "--no-print-directory", "run", f"VENV={venv}", "PORT=0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            started = [line for line in _lines(log) if line.startswith("started")]
            if len(started) == 4:
                break
            time.sleep(0.1)
        assert len(started) == 4, _lines(log)
        pids = [int(line.split()[1]) for line in started]
        # What the terminal does on Ctrl-C: SIGINT to the whole foreground group.
        os.killpg(make.pid, signal.SIGINT)
        output, _ = make.communicate(timeout=15)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()
    text = output.decode(errors="replace")
    assert "Segmentation fault" not in text
    assert "core dumped" not in text
    assert not [pid for pid in pids if _alive(pid)]
    stopped = [line for line in _lines(log) if line.startswith("stopped")]
    assert len(stopped) == 4, _lines(log)


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []
