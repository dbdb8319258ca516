"""`make bench`: every benchmark module in this folder, one report.

Each module has `run(report)`; it calls `report(name, value, unit, note="")` for every
figure. Figures are printed as they come and saved to bench-results/latest.json.
Run one module with `python -m bench NAME`.
"""

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "bench-results"


def main(selected):
    modules = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")]
    figures = []

    def report(name, value, unit, note=""):
        figures.append({"name": name, "value": value, "unit": unit, "note": note})
        print(f"{name:<60} {value:>12,.2f} {unit:<8} {note}", flush=True)

    for name in sorted(modules):
        if selected and name not in selected:
            continue
        print(f"== {name}", flush=True)
        started = time.monotonic()
        importlib.import_module(f"bench.{name}").run(report)
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
