"""Every script the portal is written in renders in real glyphs with the stylesheet's font stacks:
no character falls back to the empty box a font draws for a letter it lacks.

Each character is drawn on a canvas in the font the page gives its language, and compared pixel
for pixel with a code point no font has (U+0378, unassigned): a match is a missing glyph."""

import pytest

# A few everyday words in each script, with the letters that most often go missing (Urdu's ے ٹ ڈ ڑ ں).
SAMPLES = {
    "hi": "मदद चाहिए? आप सुरक्षित हैं। फ़ोन करें, ऑनलाइन शरण",
    "ur": "مدد چاہیے؟ آپ محفوظ ہیں۔ ٹھیک ہے، ڈاکٹر، لڑکی، میں، گھر، پناہ گاہ",
    "ko": "도움이 필요하세요? 안전한 곳, 변호사, 쉼터",
    "zh-hant": "需要幫助嗎？安全的地方、律師、庇護所、醫療",
    "ar": "هل تحتاج إلى مساعدة؟ مكان آمن",
}

MISSING_GLYPHS = """([language, text]) => {
  const probe = document.createElement('p');
  probe.lang = language;
  probe.textContent = text;
  document.body.append(probe);
  const font = getComputedStyle(probe).font;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const context = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (character) => {
    context.clearRect(0, 0, 64, 64);
    context.font = font;
    context.fillText(character, 8, 40);
    return [context.measureText(character).width, context.getImageData(0, 0, 64, 64).data.join()];
  };
  const [boxWidth, box] = draw('\\u0378');
  const missing = [...new Set(text)].filter((character) => {
    if (/[\\p{M}\\p{P}\\p{Z}]/u.test(character)) return false;  // marks and punctuation go with a letter
    const [width, pixels] = draw(character);
    return width === boxWidth && pixels === box;
  });
  return {font, missing, privateUseIsMissing: draw('\\ue000')[1] === box};
}"""


@pytest.fixture
def stylesheet_page(chromium, portal_server):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    stylesheet = f"{portal_server}/static/portal/css/portal.css"
    page.set_content(f'<!DOCTYPE html><link rel="stylesheet" href="{stylesheet}"><body>')
    page.wait_for_load_state()
    yield page
    context.close()


@pytest.mark.parametrize("language", SAMPLES)
def test_every_letter_has_a_glyph(stylesheet_page, language):
    result = stylesheet_page.evaluate(MISSING_GLYPHS, [language, SAMPLES[language]])
    assert result["privateUseIsMissing"], "the check must see a missing glyph when there is one"
    assert result["missing"] == [], (language, result["font"])


def test_the_check_finds_a_missing_glyph(stylesheet_page):
    """A private-use letter no font draws is reported: the comparison can fail."""
    result = stylesheet_page.evaluate(MISSING_GLYPHS, ["en", "a\ue000b"])
    assert result["missing"] == ["\ue000"]
