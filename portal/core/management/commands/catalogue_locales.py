from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import to_locale


def catalogue_locales():
    """Every language of settings.LANGUAGES but the source one, as locale names (zh-hant -> zh_Hant),
    and any catalogue already begun under locale/ for a language not yet in settings: a new
    language is translated in full before it is switched on, so its catalogue needs refreshing too."""
    listed = [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    begun = sorted(path.parent.name for path in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES"))
    return list(dict.fromkeys([*listed, *begun]))


class Command(BaseCommand):
    help = "Print the locale of every catalogue to refresh, one a line (`make makemessages` reads them)."

    def handle(self, *args, **options):
        for locale in catalogue_locales():
            self.stdout.write(locale)
