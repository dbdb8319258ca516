"""The top of the stack: wiring that joins several apps (the survivor area's URLs and menu).

Apps depend only downwards (core < directory < messaging < accounts < plans, checkins < sharing
< feedback < site); whatever names pages of several apps at once lives here, in portal/urls.py or
in templates/site/.
"""
