"""SQL held once per process: compiled on the first call only, and only stand-ins replaced."""

from uuid import UUID

import pytest

from portal.core import held_sql


def test_the_sql_is_compiled_once_per_key():
    calls = []

    def compile_once():
        calls.append(1)
        return "SELECT %s", (-1,), None

    key = ("test", len(calls), "once")
    assert held_sql.held(key, compile_once) == held_sql.held(key, compile_once) == ("SELECT %s", (-1,), None)
    assert calls == [1]


def test_only_parameters_of_the_stand_ins_own_type_are_replaced():
    stand_in, real = UUID(int=1), UUID("6f1e9a7c-8a55-4b9e-9a6e-1f2d3c4b5a69")
    params = (True, 1, stand_in, ["area:texas"], "1")
    assert held_sql.with_values(params, [stand_in], [real]) == [True, 1, real, ["area:texas"], "1"]
    # A stand-in -1 never stands for a False, a -1.0 or a text.
    assert held_sql.with_values((-1, False, -1.0, "-1"), [-1], [42]) == [42, False, -1.0, "-1"]


def test_every_stand_in_needs_its_value():
    with pytest.raises(ValueError):
        held_sql.with_values((UUID(int=1),), [UUID(int=1), UUID(int=2)], [UUID(int=3)])
