"""What the browser tests visit: every seeded page type, in every language."""

SEEDED_PATHS = [
    "/",
    "/get-help/",
    "/browse-safely/",
    "/rights/",
    "/training/",
    "/training/recognize-signs/",
    "/training/trauma-informed-care/",
]
ONE_PATH_PER_PAGE_TYPE = ["/", "/get-help/", "/browse-safely/", "/training/recognize-signs/"]
LANGUAGES = ["en", "es", "vi", "zh-hans", "ar"]


def url(base_url, language, path):
    return f"{base_url}/{language}{path}"
