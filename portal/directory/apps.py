from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "portal.directory"
    label = "directory"
    verbose_name = "Directory"

    def ready(self):
        from wagtail.signals import published

        from .models import Service

        published.connect(reindex_published_service, sender=Service)


def reindex_published_service(sender, instance, **kwargs):
    """A service published in the admin is searchable in its new form at once."""
    from .indexing import reindex

    reindex([instance.pk])
