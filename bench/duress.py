"""Second PIN: the PIN step of sign-in with her PIN and with her second PIN, timed on PostgreSQL with
production settings (the real password hasher, real encryption). The two must take the same time
within noise: both check both hashes and wait out the same floor; only the duress path writes the
alert. Each figure is the median of the rounds bench/_duress_run.py times.
"""

import json
import subprocess
import sys

from ._production_db import BASE_DIR, environment, scratch_database

DATABASE = "portal_bench_duress"


def run(report):
    env = environment(DATABASE, ALLOWED_HOSTS="testserver")
    with scratch_database(env, DATABASE):
        helper = [sys.executable, "-m", "bench._duress_run"]
        done = subprocess.run(helper, cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
    for which in ("real", "duress"):
        report(f"duress: PIN step with her {which} PIN (median)", figures[which] * 1000, "ms", figures["note"])
    report("duress: difference of the medians", abs(figures["real"] - figures["duress"]) * 1000, "ms")
