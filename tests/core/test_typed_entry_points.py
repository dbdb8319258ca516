"""The entry points other code calls most (the access policy, the outbox, the directory search,
survivor sign-in, check-in dispatch and the background tasks) say in their signatures what they
take and give back; a new public function there without hints fails here."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TYPED_MODULES = [
    "portal/sharing/policy.py",
    "portal/messaging/outbox.py",
    "portal/directory/search.py",
    "portal/accounts/sign_in.py",
    "portal/checkins/dispatch.py",
    "portal/checkins/tasks.py",
    "portal/messaging/tasks.py",
]


def unhinted(source):
    """Public top-level functions missing a hint on a parameter or on the return value."""
    missing = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            bare = [argument.arg for argument in arguments if argument.annotation is None]
            if bare or node.returns is None:
                missing.append(f"{node.name}({', '.join(bare)}){'' if node.returns else ' -> ?'}")
    return missing


@pytest.mark.parametrize("path", TYPED_MODULES)
def test_public_functions_are_typed(path):
    assert unhinted((ROOT / path).read_text()) == []


def test_the_check_sees_a_missing_hint():
    assert unhinted("def send(message_id) -> str: ...") == ["send(message_id)"]
    assert unhinted("def send(message_id: int): ...") == ["send() -> ?"]
    assert unhinted("def _private(x): ...\ndef typed(x: int) -> int: ...") == []
