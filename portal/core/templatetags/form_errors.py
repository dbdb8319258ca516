from django import forms, template

register = template.Library()


@register.filter
def error_target(bound_field):
    """The id an error summary links to: a group's first box, any other field itself.

    A group of boxes has no element of its own that can take focus, so the link goes to the
    first box, as a person would start there.
    """
    if isinstance(bound_field.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple too
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id
