"""A demo webinar for `seed_demo`, a week after the day the demo is built, at 2 p.m. Central."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from .webinars import Webinar

FOLLOW_UP_CARE = {
    "title": {
        "en": "Follow-up care after recovery",
        "es": "Atención de seguimiento después de la recuperación",
        "vi": "Chăm sóc tiếp theo sau khi được giải cứu",
        "zh-hans": "获救后的后续照顾",
        "ar": "الرعاية اللاحقة بعد التعافي",
        "fr": "Le suivi après la sortie de la traite",
        "pt-br": "Acompanhamento depois da saída do tráfico",
        "ko": "벗어난 뒤의 후속 돌봄",
        "zh-hant": "脫離之後的後續照顧",
        "tl": "Pangangalaga pagkatapos makaalis sa trafficking",
        "hi": "निकलने के बाद आगे की देखभाल",
        "ur": "نکلنے کے بعد آگے کی دیکھ بھال",
    },
    "description": {
        "en": "What survivors need in the months after they leave: housing, health care, legal help and safety.",
        "es": "Lo que necesitan los sobrevivientes en los meses después de salir: vivienda, atención médica, ayuda"
        " legal y seguridad.",
        "vi": "Những gì người sống sót cần trong những tháng sau khi rời đi: nhà ở, chăm sóc sức khỏe, trợ giúp pháp lý"
        " và giữ an toàn.",
        "zh-hans": "幸存者离开后的几个月里需要什么：住房、医疗、法律帮助和保持安全。",
        "ar": "ما يحتاجه الناجون في الأشهر التي تلي خروجهم: السكن والرعاية الصحية والمساعدة القانونية والبقاء بأمان.",
        "fr": "Ce dont les personnes survivantes ont besoin dans les mois après leur départ : logement, soins de santé,"
        " aide juridique et sécurité.",
        "pt-br": "Do que as sobreviventes precisam nos meses depois de sair: moradia, cuidados de"
        " saúde, ajuda jurídica e segurança.",
        "ko": "생존자가 벗어난 뒤 몇 달 동안 필요한 것: 주거, 의료, 법률 도움, 안전.",
        "zh-hant": "倖存者離開後幾個月需要什麼：住處、醫療、法律協助和保持安全。",
        "tl": "Ano ang kailangan ng mga survivor sa mga buwan pagkatapos nilang umalis:"
        " tirahan, pangangalaga sa kalusugan, tulong legal at kaligtasan.",
        "hi": "निकलने के बाद के महीनों में सर्वाइवर को क्या चाहिए: रहने की जगह, स्वास्थ्य देखभाल, क़ानूनी मदद और सुरक्षा।",
        "ur": "نکلنے کے بعد کے مہینوں میں سروائیور کو کیا چاہیے: رہنے کی جگہ، صحت کی دیکھ بھال، قانونی مدد اور حفاظت۔",
    },
}


def seed_webinars():
    english_title = FOLLOW_UP_CARE["title"]["en"]
    if Webinar.objects.filter(title_en=english_title).exists():
        return 0
    day = timezone.localdate() + timedelta(days=7)
    webinar = Webinar(
        starts_at=datetime.combine(day, time(14, 0), tzinfo=timezone.get_default_timezone()),
        duration_minutes=60,
        join_link="https://example.org/webinars/follow-up-care",
    )
    for field, values in FOLLOW_UP_CARE.items():
        for code, _name in settings.LANGUAGES:
            setattr(webinar, build_localized_fieldname(field, code), values[code])
    webinar.title = english_title
    webinar.save()
    return 1
