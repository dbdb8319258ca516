"""The demo site `manage.py seed_demo` builds: pages, a directory, an advocate and a survivor.

Installed only by the development and test settings, so a production machine has no command
that creates accounts with known passwords. It sits at the top of the stack and uses every app.
"""
