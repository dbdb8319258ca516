"""Data for bench/load.py (its own process, test settings: production refuses `seed_demo`).

Usage: python -m bench._load_seed SERVICES. DATABASE_URL and the encryption keys come from the
environment, so the production server of the run reads what is written here. Builds the demo
site in every language, then adds SERVICES generated directory services the way
bench/_directory_run.py does, so directory pages search a directory of realistic size.
"""

import io
import sys


def main(services):
    import django

    django.setup()
    from django.core.management import call_command

    from bench import _directory_run

    call_command("seed_demo", stdout=io.StringIO())
    _directory_run.build_directory(services)


if __name__ == "__main__":
    main(int(sys.argv[1]))
