from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

# Records that appear on public pages: any change to them purges the page cache. Not the rest
# of wagtailcore (log entries, draft revisions), which every admin edit writes: purging on those
# would empty the cache each time an advocate saves a case record.
PUBLIC_APPS = {"content", "directory"}
# A view restriction decides who may see a page: adding one must purge the stored copy at once.
PUBLIC_MODELS = {"wagtailcore.page", "wagtailcore.site", "wagtailcore.pageviewrestriction"}


def purge_on_public_change(sender, **kwargs):
    from .page_cache import purge_page_cache, purge_stored_pages

    if sender._meta.app_label in PUBLIC_APPS or sender._meta.label_lower in PUBLIC_MODELS:
        # A migration saves through historical models, which live in the module "__fake__".
        if sender.__module__ == "__fake__":
            purge_stored_pages()
        else:
            purge_page_cache()


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from wagtail import signals

        from .page_cache import purge_page_cache

        post_save.connect(purge_on_public_change, dispatch_uid="page-cache-save")
        post_delete.connect(purge_on_public_change, dispatch_uid="page-cache-delete")
        # Publishing and moving do not always save through the ORM's signals.
        moved_or_published = (
            signals.page_published,
            signals.page_unpublished,
            signals.published,
            signals.unpublished,
            signals.post_page_move,
        )
        for signal in moved_or_published:
            signal.connect(purge_page_cache, dispatch_uid=f"page-cache-{id(signal)}")
