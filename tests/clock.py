"""Time is an input: every test runs at a pinned instant, never at whatever hour the suite happens to run.

The clock is pinned for the whole run, session fixtures included (`seeding_time` puts the demo an hour
before the instant, whenever the first test that needs it runs), and each test starts again at the
instant itself, with time moving on from there as it
really passes (`tick`), so code that waits or measures durations still works.

`PORTAL_TEST_CLOCK` (or `--clock`) chooses the instant: one of the names in INSTANTS or any ISO 8601
time with an offset. CI runs the suite at `noon`, then the time-sensitive suites again at `late-evening`
(a grace period or safe window crossing midnight) and `dst-night` (03:00 on the night clocks go forward).

The browser tests' server runs the same settings in its own processes and is pinned the same way
(`PORTAL_SERVER_CLOCK`, read by the test settings). The fault drills run production settings with real
workers and Redis, whose clocks cannot be pinned: they are marked `real_clock` and keep real time, and
so may any test that needs it, with `@pytest.mark.real_clock`.
"""

import os
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

CENTRAL = ZoneInfo("America/Chicago")
INSTANTS = {
    "noon": datetime(2026, 12, 9, 12, 0, tzinfo=CENTRAL),
    "late-evening": datetime(2026, 12, 9, 23, 30, tzinfo=CENTRAL),
    # 2027-03-14: at 02:00 Central clocks jump to 03:00; El Paso (Mountain) is at 02:00 MDT.
    "dst-night": datetime(2027, 3, 14, 3, 0, tzinfo=CENTRAL),
}
DEFAULT_INSTANT = "noon"
SEEDED_BEFORE = timedelta(hours=1)
REAL_CLOCK_FOLDERS = ("tests/faults/",)


def parse_instant(value):
    """The instant in UTC: arithmetic on a Central wall time would land in the hour that does not exist
    on the night clocks go forward (03:00 CDT minus one hour is not 02:00)."""
    instant = INSTANTS.get(value) or datetime.fromisoformat(value)
    if instant.tzinfo is None:
        raise pytest.UsageError(f"--clock {value!r}: give a name ({', '.join(INSTANTS)}) or a time with an offset")
    return instant.astimezone(UTC)


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("PORTAL_TEST_CLOCK") or DEFAULT_INSTANT,
        help=f"the instant every test runs at: {', '.join(INSTANTS)} or an ISO time with offset",
    )


class PinnedClock:
    def __init__(self, instant):
        self.instant = instant
        self._traveller = None
        self._coordinates = None

    def start(self, at):
        self._traveller = time_machine.travel(at, tick=True)
        self._coordinates = self._traveller.start()

    def stop(self):
        if self._traveller is not None:
            self._traveller.stop()
            self._traveller = self._coordinates = None

    def reset(self):
        """Back to the instant, so no test depends on how long the tests before it took."""
        if self._coordinates is None:
            self.start(self.instant)
        else:
            self._coordinates.move_to(self.instant)


def pytest_configure(config):
    config.addinivalue_line("markers", "real_clock: this test reads the real clock, not the pinned instant")
    clock = PinnedClock(parse_instant(config.getoption("--clock")))
    config.stash[CLOCK_KEY] = clock
    clock.start(clock.instant)


def pytest_unconfigure(config):
    config.stash[CLOCK_KEY].stop()


def seeding_time(config):
    """The clock while session fixtures build shared data: an hour before the instant, so that data is
    in every test's past however long the tests before it took."""
    return time_machine.travel(config.stash[CLOCK_KEY].instant - SEEDED_BEFORE, tick=True)


def server_clock_environment(config):
    """What the tests' server processes need to share one timeline that starts at the instant now
    (portal/settings/test.py): every gunicorn worker and `manage.py` run, whenever it starts, reads
    the same time, so a record one of them writes is never in another's future."""
    return {
        "PORTAL_SERVER_CLOCK": config.stash[CLOCK_KEY].instant.isoformat(),
        "PORTAL_SERVER_CLOCK_SINCE": repr(real_time()),
    }


def real_time():
    hatch = time_machine.escape_hatch
    return hatch.time.time() if hatch.is_travelling() else time.time()


def pytest_report_header(config):
    instant = config.stash[CLOCK_KEY].instant
    central = instant.astimezone(CENTRAL)
    return f"clock: tests run at {central.isoformat()} {central.tzname()} ({instant:%H:%M} UTC), really {time.ctime()}"


def pytest_collection_modifyitems(items):
    for item in items:
        if any(folder in str(item.path).replace(os.sep, "/") for folder in REAL_CLOCK_FOLDERS):
            item.add_marker(pytest.mark.real_clock)


@pytest.fixture(autouse=True)
def pinned_clock(request):
    clock = request.config.stash[CLOCK_KEY]
    if request.node.get_closest_marker("real_clock"):
        clock.stop()
        yield None
        clock.start(clock.instant)
        return
    clock.reset()
    yield clock.instant


CLOCK_KEY = pytest.StashKey[PinnedClock]()
