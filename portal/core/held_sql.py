"""SQL compiled once per process for a query asked on every request with other values.

Django compiles a queryset to SQL on every request. For the queries a page asks each time (the page
itself, the cards of a page of results) compiling took longer than PostgreSQL took to answer. Their
SQL changes only with a few things (the model, the language, how many ids), so it is compiled once
for each with stand-in values that nothing real has, and each request puts its own values where the
stand-ins are.
"""

from collections.abc import Callable, Hashable
from typing import Any

# key -> (SQL, parameters, whatever else the compiler worked out), per process.
_held: dict[Hashable, tuple[str, tuple, Any]] = {}


def held(key: Hashable, compile_once: Callable[[], tuple[str, tuple, Any]]) -> tuple[str, tuple, Any]:
    """`compile_once()` for this key, worked out on the first call only. The key must name everything
    the SQL depends on."""
    if key not in _held:
        _held[key] = compile_once()
    return _held[key]


def with_values(params: tuple, stand_ins: list, values: list) -> list:
    """The parameters with each stand-in replaced by the value in its place. A parameter is a stand-in
    only if it has the stand-in's own type, so a stand-in -1 never stands for a False or a -1.0."""
    value_of = dict(zip(stand_ins, values, strict=True))
    kinds = {type(stand_in) for stand_in in stand_ins}
    return [value_of.get(param, param) if type(param) in kinds else param for param in params]
