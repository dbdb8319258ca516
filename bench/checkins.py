"""Check-ins: dispatch 100,000 due check-ins into the outbox on PostgreSQL, with one and with two
dispatcher processes (target: under 60 s on a 2-core machine).

Production settings (database task backend, real encryption) in a PostgreSQL database made for
the run and dropped after. Each dispatcher is `dispatch_checkins()` in its own process; the
figure is from the first dispatcher starting to the last one finishing. Every run checks that
each check-in became exactly one outbox row. The outbox drain rate itself (texts actually sent
through a fake Twilio) is bench/sms.py's figure.
"""

import json
import os
import subprocess
import sys

from ._production_db import BASE_DIR, environment, scratch_database

DATABASE = "portal_bench_checkins"
COUNT = int(os.environ.get("BENCH_CHECKINS", "100000"))


def helper(env, *args):
    return subprocess.Popen(
        [sys.executable, "-m", "bench._checkins_run", *args], cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, text=True
    )


def finish(process):
    output, _ = process.communicate()
    if process.returncode:
        raise RuntimeError(f"bench._checkins_run exited with {process.returncode}")
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def run(report):
    env = environment(DATABASE)
    with scratch_database(env, DATABASE):
        made = finish(helper(env, "populate", str(COUNT)))[-1]
        report(f"checkins: create {COUNT:,} survivors with due check-ins", made["seconds"], "s", "setup only")
        for dispatchers in (1, 2):
            finish(helper(env, "reset"))
            runs = [finish(process)[0] for process in [helper(env, "dispatch") for _ in range(dispatchers)]]
            seconds = max(run["ended"] for run in runs) - min(run["started"] for run in runs)
            (check,) = finish(helper(env, "check"))
            if check["outbox"] != COUNT or check["sent"] != COUNT or check["distinct_messages"] != COUNT:
                raise AssertionError(f"each check-in must be sent exactly once: {check}")
            plural = "es" if dispatchers > 1 else ""
            report(
                f"checkins: dispatch {COUNT:,} due, {dispatchers} process{plural}",
                seconds,
                "s",
                f"{COUNT / seconds:,.0f}/s; target < 60 s; each sent once",
            )
