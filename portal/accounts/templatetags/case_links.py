"""`{{ survivor_id|case_url }}`: the case view of a survivor, for lists rendered by templates."""

from django import template

from portal.accounts.case_links import case_url as _case_url

register = template.Library()


@register.filter
def case_url(survivor_id):
    return _case_url(survivor_id) or ""
