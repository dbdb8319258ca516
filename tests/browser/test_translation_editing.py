"""An editor translates a page in its Spanish tab and sees the marker change, then previews the page
inside the admin: the preview renders, and no security policy refuses anything on the way."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.site import sign_in_to_admin, staff_member_script
from tests.browser.test_accessibility import WCAG_AA, describe

MAKE_EDITOR = staff_member_script("translating-editor", "Editors")
BLANK_SPANISH_INTRO = """
from content.models import ContentPage
page = ContentPage.objects.get(slug="rights")
page.intro_es = ""
page.save_revision().publish()
print("PAGE", page.pk)
"""


def test_an_editor_translates_in_the_spanish_tab_and_previews_without_a_policy_refusal(
    desk, portal_server, server_shell
):
    page_id = re.search(r"PAGE (\d+)", server_shell(BLANK_SPANISH_INTRO)).group(1)
    code = server_shell(MAKE_EDITOR).split("CODE", 1)[1].strip()
    refused = []
    desk.on("console", lambda message: refused.append(message.text) if _is_refusal(message.text) else None)

    sign_in_to_admin(desk, portal_server, "translating-editor", code)
    desk.goto(f"{portal_server}/admin/pages/{page_id}/edit/")
    spanish = desk.get_by_role("tab", name=re.compile("Español"))
    expect(spanish).to_contain_text("needs translation")
    spanish.click()
    status = desk.locator("section[role=tabpanel]:visible [data-translation-status]").first
    expect(status).to_have_attribute("data-translation-status", "needs-translation")
    results = Axe().run(desk, context={"include": [[".w-tabs__list"], ["[data-translation-status]"]]}, options=WCAG_AA)
    assert results.violations_count == 0, describe(results)

    desk.locator("#id_intro_es").fill("Lo que dice la ley sobre sus derechos.")
    desk.get_by_role("button", name="Save draft").click()
    expect(desk.get_by_role("tab", name=re.compile("Español"))).to_contain_text("translated")
    expect(desk.get_by_role("tab", name=re.compile("Español"))).not_to_contain_text("needs")

    desk.get_by_role("button", name="Toggle preview").click()
    preview = desk.frame_locator("#w-preview-iframe")
    expect(preview.locator("main h1")).to_be_visible(timeout=15000)
    expect(preview.locator("[data-quick-exit]").first).to_be_attached()
    assert refused == []


def _is_refusal(text):
    return "Content Security Policy" in text or "Refused to" in text or "X-Frame-Options" in text
