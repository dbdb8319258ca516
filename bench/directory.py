"""Directory: server time of the search page and the HSDS API list with 100,000 services on PostgreSQL,
and each search page's query count at 1,000 and at 100,000 services (it must not change).

The directory is generated in a database made for the run (dropped after) and requests are
served in-process by Django's test client, so the figure is server time only. Each figure
is also given as a ratio to /healthz (one trivial query) measured the same way, which
stays comparable across noisy machines.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def run(report):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    result = subprocess.run(
        [sys.executable, "-m", "bench._directory_run"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            figure = json.loads(line)
            report(figure["name"], figure["value"], figure["unit"], figure.get("note", ""))
