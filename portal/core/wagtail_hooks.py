"""Registers the audit actions (core/audit.py) with Wagtail's log, so its history pages name them."""

from wagtail import hooks

from .audit import ACTIONS


@hooks.register("register_log_actions")
def case_audit_log_actions(actions):
    for action, label, message in ACTIONS:
        actions.register_action(action, label, message)
