"""Helpers for the small-phone browser tests: the survivor pages, a signed-in session made
directly in the server's database (no texted code, so no sign-in limits are spent), and the
geometry checks a person's eye makes."""

SIZES = [(320, 568), (360, 640)]
PUBLIC_PAGES = ["/", "/get-help/", "/help/", "/services/", "/my/sign-in/"]
SIGNED_IN_PAGES = [
    "/my/",
    "/my/plan/",
    "/my/ask/",
    "/my/goals/new/",
    "/my/sharing/",
    "/my/sharing/new/",
    "/my/activity/",
    "/my/settings/",
    "/my/settings/second-pin/",
    "/my/settings/second-pin/about/",
    "/my/check-ins/",
    "/my/delete/",
]
DEMO_PHONE = "+15125550177"
NEW_SESSION = f"""
import time
from django.contrib.sessions.backends.db import SessionStore
from portal.accounts.models import SurvivorProfile
from portal.messaging.models import Contact
profile = SurvivorProfile.objects.get(contact=Contact.objects.for_phone("{DEMO_PHONE}"))
session = SessionStore()
session["survivor"] = {{"id": profile.pk, "epoch": profile.session_epoch, "seen": int(time.time())}}
session.create()
print(session.session_key)
"""


def signed_in_context(chromium, base_url, server_shell, **options):
    """A browser context holding a fresh survivor session for the demo survivor."""
    key = server_shell(NEW_SESSION).strip().splitlines()[-1]
    context = chromium.new_context(**options)
    context.add_cookies([{"name": "sessionid", "value": key, "url": base_url}])
    return context


# The part of the screen that no fixed or sticky box covers: [top, bottom] in viewport pixels.
OPEN_SCREEN = """() => {
  let top = 0, bottom = innerHeight;
  for (const el of document.querySelectorAll('body *')) {
    const position = getComputedStyle(el).position;
    if (position !== 'fixed' && position !== 'sticky') continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    if (box.top <= 0 + 1 && box.bottom < innerHeight / 2) top = Math.max(top, box.bottom);
    else if (box.bottom >= innerHeight - 1) bottom = Math.min(bottom, box.top);
  }
  return [top, bottom];
}"""

# Heading and first action of the page, and whether each lies whole on the first screen.
FIRST_SCREEN = """(openScreen) => {
  const [top, bottom] = openScreen;
  const main = document.querySelector('main');
  const heading = main.querySelector('h1');
  const action = [...main.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
    .find(el => el.getBoundingClientRect().height > 0 && !el.closest('.my-menu'));
  // Whole, or for a tall field (a message box) its first 44 px: enough to see it and tap it.
  const within = (el, enough) => {
    if (!el) return null;
    const box = el.getBoundingClientRect();
    const seen = Math.min(box.bottom, box.top + (enough || box.height));
    return box.top >= top && seen <= bottom && box.left >= 0 && box.right <= innerWidth;
  };
  const bottomOf = el => el && Math.round(el.getBoundingClientRect().bottom);
  return {heading: within(heading), action: within(action, 44), headingBottom: bottomOf(heading),
          actionBottom: bottomOf(action), actionText: action && (action.innerText || action.name)};
}"""

# Watches every focus move; two frames later (after the browser scrolled it into view) it
# records the focused element if any fixed or sticky box (other than its own) covers part of it.
WATCH_FOCUS = """() => {
  window.__covered = [];
  window.__focusCount = 0;
  const pinned = () => [...document.querySelectorAll('body *')].filter(el => {
    const position = getComputedStyle(el).position;
    return position === 'fixed' || position === 'sticky';
  });
  document.addEventListener('focusin', event => {
    const el = event.target;
    window.__focusCount += 1;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (document.activeElement !== el) return;  // focus moved on already: it is measured there
      const box = el.getBoundingClientRect();
      for (const pin of pinned()) {
        if (pin.contains(el) || el.contains(pin)) continue;
        const p = pin.getBoundingClientRect();
        const overlap = Math.min(box.bottom, p.bottom) - Math.max(box.top, p.top) > 1
          && Math.min(box.right, p.right) - Math.max(box.left, p.left) > 1;
        if (overlap) window.__covered.push((el.outerHTML || '').slice(0, 120));
      }
    }));
  });
}"""
FOCUSABLE_COUNT = """() => document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])').length"""


def tab_through(page):
    """Tab forward through the whole page, then back; return what was covered when focused."""
    page.evaluate(WATCH_FOCUS)
    presses = page.evaluate(FOCUSABLE_COUNT) + 2
    for _ in range(presses):
        page.keyboard.press("Tab", delay=20)
    for _ in range(presses):
        page.keyboard.press("Shift+Tab", delay=20)
    page.wait_for_timeout(100)
    assert page.evaluate("window.__focusCount") >= presses, "focus did not move"
    return page.evaluate("window.__covered")
