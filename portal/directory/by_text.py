"""The directory for survivors without data or a browser: "SHELTER 77002" by text.

A message holding a 5-digit ZIP code, optionally with a category word in any of the
portal's languages, is answered with up to three services nearby that are open now:
name and phone only, never an address (confidential or not: a text can be read by
whoever holds the phone).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .places import zip_place
from .search import prepare_page, search_services
from .text import ascii_digits, normalize

ZIP_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{5})(?![0-9])")
MAX_RESULTS = 3

# Words people text, normalised (lower case, no accents), in each language.
CATEGORY_WORDS = {
    "housing": {
        "en": ["shelter", "housing", "house", "home", "bed", "place to stay"],
        "es": ["refugio", "albergue", "vivienda", "casa", "cama"],
        "vi": ["nha o", "cho o", "nha tam tru", "tam tru", "noi o"],
        "zh-hans": ["住房", "庇护所", "住处", "避难所"],
        "ar": ["مأوى", "سكن", "ماوى", "ملجا", "ملجأ"],
    },
    "legal": {
        "en": ["lawyer", "legal", "attorney", "visa", "immigration"],
        "es": ["abogado", "abogada", "legal", "visa", "inmigracion"],
        "vi": ["luat su", "phap ly", "di tru", "thi thuc"],
        "zh-hans": ["律师", "法律", "移民", "签证"],
        "ar": ["محامي", "محام", "قانوني", "هجرة", "تاشيرة", "تأشيرة"],
    },
    "medical": {
        "en": ["doctor", "clinic", "medical", "health", "nurse"],
        "es": ["doctor", "medico", "clinica", "salud"],
        "vi": ["bac si", "phong kham", "y te", "suc khoe"],
        "zh-hans": ["医生", "诊所", "医疗", "看病"],
        "ar": ["طبيب", "عيادة", "صحة", "طبي"],
    },
    "mental-health": {
        "en": ["counseling", "counselor", "therapy", "mental health"],
        "es": ["consejeria", "terapia", "psicologo", "salud mental"],
        "vi": ["tu van", "tri lieu", "tam ly"],
        "zh-hans": ["心理", "辅导", "咨询"],
        "ar": ["استشارة", "علاج نفسي", "نفسي"],
    },
    "basic-needs": {
        "en": ["food", "clothes", "clothing"],
        "es": ["comida", "ropa", "alimentos"],
        "vi": ["thuc an", "quan ao", "do an"],
        "zh-hans": ["食物", "衣服", "吃饭"],
        "ar": ["طعام", "ملابس", "اكل", "أكل"],
    },
    "employment": {
        "en": ["job", "jobs", "work", "school"],
        "es": ["trabajo", "empleo", "escuela"],
        "vi": ["viec lam", "cong viec", "hoc"],
        "zh-hans": ["工作", "就业", "学校"],
        "ar": ["عمل", "وظيفة", "مدرسة"],
    },
    "substance-use": {
        "en": ["drugs", "alcohol", "recovery"],
        "es": ["drogas", "alcohol", "recuperacion"],
        "vi": ["ma tuy", "ruou", "cai nghien"],
        "zh-hans": ["戒毒", "酒精", "毒品"],
        "ar": ["مخدرات", "كحول", "تعافي"],
    },
    "financial": {
        "en": ["money", "compensation"],
        "es": ["dinero", "compensacion"],
        "vi": ["tien", "boi thuong"],
        "zh-hans": ["钱", "赔偿"],
        "ar": ["مال", "تعويض"],
    },
}


# A name that says what happened to the reader stays out of a text someone else may read.
SENSITIVE_WORDS = ["trafficking", "trata", "buon ban nguoi", "贩运", "拐卖", "الاتجار", "اتجار"]


def discreet_name(name):
    text = normalize(name)
    if any(normalize(word) in text for word in SENSITIVE_WORDS):
        return _("Help line (24 hours)")
    return name


@dataclass(frozen=True)
class DirectoryRequest:
    zip_code: str
    category: str | None
    language: str | None  # the language of the category word, when there is one


@dataclass(frozen=True)
class ServiceByText:
    name: str
    phone: str


def parse(body):
    """A directory request if the text holds a real ZIP code (in digits of any script), else None."""
    body = ascii_digits(body or "")
    match = ZIP_IN_TEXT.search(body)
    if not match or zip_place(match.group(1)) is None:
        return None
    words = normalize(ZIP_IN_TEXT.sub(" ", body))
    padded = f" {words} "
    for category, by_language in CATEGORY_WORDS.items():
        for language, phrases in by_language.items():
            for phrase in phrases:
                phrase = normalize(phrase)
                # Chinese and Arabic words may come without spaces around them.
                if f" {phrase} " in padded or (not phrase.isascii() and phrase in words):
                    return DirectoryRequest(match.group(1), category, language)
    return DirectoryRequest(match.group(1), None, None)


def services_for(request, now=None):
    """Up to three services open now near the ZIP code, nearest first."""
    place = zip_place(request.zip_code)
    services = search_services(category=request.category, place=place, open_now=True, now=now)
    results = []
    for service in prepare_page(services[: MAX_RESULTS * 3], place=place, now=now):
        if service.first_phone is not None:
            results.append(ServiceByText(name=discreet_name(service.name), phone=service.first_phone.number))
        if len(results) == MAX_RESULTS:
            break
    return results
