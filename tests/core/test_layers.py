"""Dependencies run one way: core < directory < messaging < accounts < plans, checkins < sharing < feedback < site.

Read from the code itself: every module under portal/ (and the Wagtail pages in content/) is parsed,
and every import in it, at the top or inside a function, is checked against the stack. A module
may import its own app, any app below it, and nothing above it or beside it. A new module or a
new app is covered without changing this test; an app not placed in the stack fails it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. Apps on one layer may not import each other either.
STACK = [
    {"core", "formats"},
    # Stakeholders' side of the site: apart from survivors, using core only.
    {"training", "funding"},
    {"directory", "content"},  # content: the Wagtail pages (courses use training)
    {"messaging"},
    {"accounts"},
    {"plans", "checkins"},
    {"sharing", "voice"},
    {"feedback", "desk", "casework"},
    # The top: the URLconf, settings, the survivor area's wiring and the demo that uses every app.
    {"site", "demo", "urls", "settings", "wsgi", "asgi"},
]
LAYER = {app: rank for rank, apps in enumerate(STACK) for app in apps}


def app_of(module):
    """'portal.sharing.policy' -> 'sharing'; 'content.models' -> 'content'; anything else -> None."""
    parts = module.split(".")
    if parts[0] == "portal" and len(parts) > 1:
        return parts[1]
    if parts[0] == "content":
        return "content"
    return None


def module_name(path):
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source, module, is_package=False):
    """(line, module) for every import in the source, relative ones made absolute."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            yield node.lineno, target
            for alias in node.names:  # "from portal import plans" names an app too
                yield node.lineno, f"{target}.{alias.name}"


def wrong_way(source, module, is_package=False):
    """The imports of `module` that point up the stack or sideways; raises if its app is not placed."""
    own = app_of(module)
    if own is None:
        return []
    if own not in LAYER:
        raise AssertionError(f"{module}: app {own!r} has no place in the stack (tests/core/test_layers.py)")
    problems = []
    for line, target in imported_modules(source, module, is_package):
        other = app_of(target)
        if other is None or other == own or other not in LAYER:
            continue
        if LAYER[other] >= LAYER[own]:
            problems.append(f"{module}:{line} imports {target} ({own} may not depend on {other})")
    return problems


def python_files():
    for folder in ("portal", "content"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_app_imports_one_above_or_beside_it():
    problems = []
    for path in python_files():
        problems += wrong_way(path.read_text(), module_name(path), path.name == "__init__.py")
    assert problems == [], "\n".join(problems)


def test_every_app_has_a_place_in_the_stack():
    apps = {path.name for path in (ROOT / "portal").iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    apps |= {path.stem for path in (ROOT / "portal").glob("*.py") if path.stem != "__init__"}
    assert apps <= set(LAYER), f"place these in STACK: {sorted(apps - set(LAYER))}"


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("portal.core.views", "from portal.directory.models import Service"),
        ("portal.directory.views", "def view():\n    from portal.messaging import send_sms\n"),
        ("portal.messaging.inbound", "import portal.checkins.replies"),
        ("portal.plans.models", "from portal import sharing"),
        ("portal.plans.models", "from portal.checkins.models import CheckIn"),
        ("portal.accounts.forms", "from ..feedback import views"),
        ("portal.sharing", "from ..site import survivor_urls"),
    ],
)
def test_the_check_catches_an_import_up_or_beside(module, source):
    is_package = module.count(".") == 1
    assert wrong_way(source, module, is_package)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("portal.site.survivor_urls", "from portal.plans import views"),
        ("portal.messaging.routing", "from portal.directory.by_text import parse"),
        ("portal.sharing.policy", "from .categories import PLAIN_WORDS\nfrom django.db import models"),
        ("portal.feedback.reports", "from portal.sharing.policy import record_access"),
    ],
)
def test_the_check_lets_an_import_down_through(module, source):
    assert wrong_way(source, module) == []


def test_an_app_outside_the_stack_is_refused():
    with pytest.raises(AssertionError, match="no place in the stack"):
        wrong_way("import os", "portal.newapp.views")
