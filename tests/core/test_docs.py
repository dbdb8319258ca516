"""The project explains itself: every Markdown file the code, the tests or the docs name is in the repository."""

import re
import subprocess
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
MARKDOWN_NAME = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w.-]+\.md)\b")


def tracked_text_files():
    listed = subprocess.run(["git", "ls-files"], cwd=BASE_DIR, capture_output=True, text=True, check=True).stdout
    for name in listed.splitlines():
        path = BASE_DIR / name
        if path.suffix in {".png", ".jpg", ".mo", ".gz"} or not path.is_file():
            continue
        yield path


def named_markdown(text):
    return set(MARKDOWN_NAME.findall(text))


def test_the_pattern_finds_the_ways_code_names_a_document():
    found = named_markdown("see docs/safety.md point 4 and THREAT_MODEL.md, (README.md); not http://x/a.md")
    assert found == {"docs/safety.md", "THREAT_MODEL.md", "README.md"}


def test_every_markdown_file_named_anywhere_exists():
    missing = []
    for path in tracked_text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for name in named_markdown(text):
            # A name is read from the repository's root, or beside the file that names it (docs linking docs).
            if not (BASE_DIR / name).exists() and not (path.parent / name).exists():
                missing.append(f"{path.relative_to(BASE_DIR)} names {name}")
    assert not missing, "\n".join(missing)
