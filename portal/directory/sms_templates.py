"""The names of the directory's answers by text. Their words, translated, are in
portal.messaging.texts, which sends every text; the names live here so that the directory
can ask for them without importing messaging, which sits above it."""

DIRECTORY_RESULTS = "directory_results"
DIRECTORY_NONE = "directory_none"
