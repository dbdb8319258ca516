"""What the browser tests visit: every seeded page type, in every language."""

SEEDED_PATHS = [
    "/",
    "/get-help/",
    "/browse-safely/",
    "/rights/",
    "/training/",
    "/training/recognize-signs/",
    "/training/trauma-informed-care/",
    "/services/",
    "/services/?category=housing&zip=77002",
    "/services/07f2fd94-6a9d-5626-abb6-28cac49dd003/",  # a confidential shelter in the demo directory
]
ONE_PATH_PER_PAGE_TYPE = [
    "/",
    "/get-help/",
    "/browse-safely/",
    "/training/recognize-signs/",
    "/services/?category=housing&zip=77002",
    "/services/07f2fd94-6a9d-5626-abb6-28cac49dd003/",
]
LANGUAGES = ["en", "es", "vi", "zh-hans", "ar"]


def url(base_url, language, path):
    return f"{base_url}/{language}{path}"
