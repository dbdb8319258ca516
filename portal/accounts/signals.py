"""A survivor's case opening and closing, announced to the apps above accounts that keep records
of their own for it (plans), so accounts never imports them. Sent inside the caller's transaction:
if a receiver fails, nothing is saved."""

from django.dispatch import Signal

# Both are sent with `survivor` (a SurvivorProfile) and `staff` (the user who acted, or None).
case_opened = Signal()
case_closed = Signal()
