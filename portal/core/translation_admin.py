"""Editing translated records in the Wagtail admin: one tab per language, and the marker.

django-modeltranslation gives every translatable field one column per language (`title_en`,
`title_es`, ...) and wagtail-modeltranslation lists them all, one after the other, in the form.
language_tabs() regroups that form: the English (source) tab first with everything that is not a
translation, then one tab per language of settings.LANGUAGES with that language's fields, headed by
whether it is translated (portal.core.translation_status says what that means). A new language gets
its tab without code.

Pages use it through their get_edit_handler(); snippet and directory view sets through
TranslatedViewSetMixin, which also adds the "Needs translation" column and filter to their listing.
"""

import django_filters
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldRowPanel, MultiFieldPanel, ObjectList, Panel, TabbedInterface
from wagtail.admin.ui.tables import Column

from .translation_status import (
    language_name,
    language_of_field,
    missing_fields,
    needs_translation_filter,
    source_language,
    target_languages,
)

GROUPS_TO_SPLIT = (MultiFieldPanel, FieldRowPanel)


class TranslationStatusPanel(Panel):
    """At the top of a language's tab: translated, or which fields still need it. In the source
    tab (no language): every language's state at a glance."""

    def __init__(self, language=None, **kwargs):
        super().__init__(**kwargs)
        self.language = language

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "language": self.language}

    class BoundPanel(Panel.BoundPanel):
        template_name = "core/translation_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance, language = self.instance, self.panel.language
            model = type(instance)
            languages = [language] if language else [code for code, _name in target_languages()]
            context["states"] = [
                {
                    "language": code,
                    "name": language_name(code),
                    "missing": [model._meta.get_field(name).verbose_name for name in missing_fields(instance, code)],
                }
                for code in languages
            ]
            context["source_name"] = language_name(source_language())
            context["single"] = bool(language)
            return context


class LanguageTab(ObjectList):
    """One language's fields; its tab says whether the record being edited is translated."""

    def __init__(self, children=(), language="", **kwargs):
        super().__init__(children, **kwargs)
        self.language = language

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "language": self.language}

    class BoundPanel(ObjectList.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.instance is not None and missing_fields(self.instance, self.panel.language):
                self.heading = _("%(language)s (needs translation)") % {"language": self.panel.heading}
            else:
                self.heading = _("%(language)s (translated)") % {"language": self.panel.heading}


def _with_children(group, children):
    return group.__class__(**{**group.clone_kwargs(), "children": children})


def _split(panels, model):
    """The panels that stay where they are, and each other language's own panels."""
    source = source_language()
    kept, translated = [], {code: [] for code, _name in target_languages()}
    for panel in panels:
        language = language_of_field(model, panel.field_name) if hasattr(panel, "field_name") else None
        if language and language != source:
            translated.setdefault(language, []).append(panel)
        elif isinstance(panel, GROUPS_TO_SPLIT):
            own, inner = _split(panel.children, model)
            if own:
                kept.append(_with_children(panel, own))
            for code, children in inner.items():
                if children:
                    translated[code].append(_with_children(panel, children))
        else:
            kept.append(panel)
    return kept, translated


def language_tabs(edit_handler, model):
    """`edit_handler` (an ObjectList or the page TabbedInterface) regrouped by language, unbound."""
    tabs = list(edit_handler.children) if isinstance(edit_handler, TabbedInterface) else [edit_handler]
    kept_tabs, per_language = [], {code: [] for code, _name in target_languages()}
    for tab in tabs:
        kept, translated = _split(tab.children, model)
        if kept:
            kept_tabs.append(_with_children(tab, kept))
        for code, panels in translated.items():
            per_language.setdefault(code, []).extend(panels)
    if not any(per_language.values()):
        return edit_handler
    first, rest = kept_tabs[0], kept_tabs[1:]
    source_tab = ObjectList(
        [TranslationStatusPanel(), *first.children], heading=language_name(source_language()), classname=first.classname
    )
    tabs_by_language = [
        LanguageTab([TranslationStatusPanel(code), *panels], heading=language_name(code), language=code)
        for code, panels in per_language.items()
        if panels
    ]
    return TabbedInterface([source_tab, *tabs_by_language, *rest], base_form_class=edit_handler.base_form_class)


class NeedsTranslationColumn(Column):
    """The languages a record still needs (in their own names), or a dash. A listing whose rows
    lack the translated fields (pages listed as Page) puts the full record on `row.translated`."""

    def __init__(self, name="needs_translation", **kwargs):
        super().__init__(name, label=_("Needs translation"), **kwargs)

    def get_value(self, instance):
        record = getattr(instance, "translated", instance)
        needed = [(code, name) for code, name in target_languages() if missing_fields(record, code)]
        return format_html_join(", ", '<span lang="{}">{}</span>', needed) or "—"


class NeedsTranslationFilterSet(WagtailFilterSet):
    needs_translation = django_filters.ChoiceFilter(
        label=_("Needs translation in"), choices=target_languages, method="filter_needs_translation"
    )

    def filter_needs_translation(self, queryset, name, value):
        return needs_translation_filter(queryset, value)


class TranslatedViewSetMixin:
    """For a SnippetViewSet (or ModelViewSet) of a model with translated fields.

    A view set with its own filterset_class makes it a NeedsTranslationFilterSet subclass."""

    def get_edit_handler(self):
        return language_tabs(super().get_edit_handler(), self.model).bind_to_model(self.model)

    def get_index_view_kwargs(self, **kwargs):
        kwargs = super().get_index_view_kwargs(**kwargs)
        kwargs["list_display"] = [*kwargs["list_display"], NeedsTranslationColumn()]
        kwargs.setdefault("base_filterset_class", NeedsTranslationFilterSet)
        if not kwargs.get("filterset_class") and not kwargs.get("list_filter"):
            meta = type("Meta", (), {"model": self.model, "fields": []})
            kwargs["filterset_class"] = type(
                f"{self.model.__name__}FilterSet", (NeedsTranslationFilterSet,), {"Meta": meta}
            )
        return kwargs
