"""Words people type for the same kind of help, in each of the portal's languages.

A search for any word of a group finds what every word of the group finds, so
"albergue" finds the services "refugio" or "shelter" finds. Words are written as
people type them (no accents needed: they are normalised like the search text).

The groups are applied when a service is indexed, not at each search: its search text also
holds one word per group it has a phrase of (`group_word`), so a search asks the full-text
index for one word instead of every phrase of the group in every language, a query that grew
with each language and cost the database most of a search. Changing GROUPS therefore needs
the services indexed again (a migration calling `portal.directory.indexing.reindex`).
"""

from functools import cache

from portal.core.phrases import plain

from .text import full_text_words, is_search_word, words

GROUPS = [
    {  # a place to stay
        "en": ["shelter", "housing", "place to stay", "safe house", "somewhere to sleep", "homeless"],
        "es": ["refugio", "albergue", "vivienda", "alojamiento", "casa segura", "donde dormir", "hogar"],
        "vi": ["nhà ở", "chỗ ở", "nơi ở", "tạm trú", "nhà tạm trú", "chỗ ngủ"],
        "zh-hans": ["住房", "住处", "庇护所", "避难所", "收容所", "住的地方"],
        "ar": ["مأوى", "ملجأ", "سكن", "مسكن", "إيواء", "مكان للنوم"],
        "fr": ["hébergement", "logement", "refuge", "foyer", "maison sûre", "où dormir", "sans abri"],
        "pt-br": ["abrigo", "moradia", "casa segura", "lugar para ficar", "onde dormir", "sem teto"],
        "ko": ["쉼터", "주거", "숙소", "안전한 집", "잘 곳", "노숙"],
        "zh-hant": ["住房", "住處", "庇護所", "避難所", "收容所", "住的地方", "安全住所"],
        "tl": ["matutuluyan", "tirahan", "silungan", "ligtas na bahay", "matutulugan", "walang tirahan"],
        "hi": [
            "रहने की जगह",
            "आश्रय",
            "आश्रय गृह",
            "शेल्टर",
            "सुरक्षित घर",
            "सोने की जगह",
            "बेघर",
            "rehne ki jagah",
            "ashray",
            "ghar",
            "beghar",
        ],
        "ur": [
            "پناہ گاہ",
            "رہائش",
            "رہنے کی جگہ",
            "محفوظ گھر",
            "سونے کی جگہ",
            "بے گھر",
            "panah gah",
            "rehne ki jagah",
            "ghar",
            "beghar",
        ],
    },
    {  # a lawyer, immigration papers
        "en": ["lawyer", "attorney", "legal", "immigration", "visa", "asylum"],
        "es": ["abogado", "abogada", "licenciado", "ayuda legal", "inmigración", "visa", "asilo", "papeles"],
        "vi": ["luật sư", "pháp lý", "di trú", "di dân", "thị thực"],
        "zh-hans": ["律师", "法律", "法律援助", "移民", "签证"],
        "ar": ["محامي", "محام", "قانوني", "قانونية", "هجرة", "تأشيرة", "لجوء"],
        "fr": ["avocat", "avocate", "juridique", "immigration", "visa", "asile", "papiers"],
        "pt-br": ["advogado", "advogada", "jurídico", "imigração", "visto", "asilo", "documentos"],
        "ko": ["변호사", "법률", "이민", "비자", "망명"],
        "zh-hant": ["律師", "法律", "法律扶助", "移民", "簽證", "庇護申請"],
        "tl": ["abugado", "tulong legal", "imigrasyon", "papeles", "asylum"],
        "hi": [
            "वकील",
            "कानूनी मदद",
            "कानूनी सहायता",
            "इमिग्रेशन",
            "वीज़ा",
            "vakil",
            "wakil",
            "kanooni madad",
            "kanuni madad",
        ],
        "ur": [
            "وکیل",
            "قانونی مدد",
            "امیگریشن",
            "ویزا",
            "سیاسی پناہ",
            "vakeel",
            "wakeel",
            "qanooni madad",
            "kanooni madad",
        ],
    },
    {  # a doctor
        "en": ["doctor", "clinic", "medical", "health care", "nurse", "hospital"],
        "es": ["doctor", "médico", "clínica", "atención médica", "enfermera", "hospital"],
        "vi": ["bác sĩ", "phòng khám", "y tế", "bệnh viện", "khám bệnh"],
        "zh-hans": ["医生", "诊所", "医疗", "看病", "医院"],
        "ar": ["طبيب", "دكتور", "عيادة", "مستشفى", "رعاية طبية"],
        "fr": ["médecin", "docteur", "clinique", "soins médicaux", "infirmière", "hôpital"],
        "pt-br": ["médico", "médica", "clínica", "cuidados médicos", "enfermeira", "hospital"],
        "ko": ["의사", "진료소", "의료", "간호사", "병원"],
        "zh-hant": ["醫生", "診所", "醫療", "看病", "醫院", "護理師"],
        "tl": ["doktor", "klinika", "ospital", "nars", "kalusugan"],
        "hi": ["डॉक्टर", "डाक्टर", "क्लिनिक", "अस्पताल", "नर्स", "डॉक्टरी इलाज", "daktar", "aspatal"],
        "ur": ["ڈاکٹر", "کلینک", "ہسپتال", "اسپتال", "نرس", "طبی دیکھ بھال", "daktar", "haspatal", "aspatal"],
    },
    {  # someone to talk to
        "en": ["counseling", "counselling", "counselor", "therapy", "therapist", "mental health"],
        "es": ["consejería", "terapia", "psicólogo", "psicóloga", "salud mental", "apoyo emocional"],
        "vi": ["tư vấn", "trị liệu", "tâm lý", "sức khỏe tâm thần"],
        "zh-hans": ["心理", "辅导", "心理咨询", "心理健康"],
        "ar": ["استشارة", "علاج نفسي", "طبيب نفسي", "صحة نفسية", "الصحة النفسية"],
        "fr": ["soutien psychologique", "psychologue", "thérapie", "thérapeute", "santé mentale"],
        "pt-br": ["apoio psicológico", "psicólogo", "psicóloga", "terapia", "terapeuta", "saúde mental"],
        "ko": ["상담", "심리 상담", "치료사", "정신 건강"],
        "zh-hant": ["心理", "輔導", "心理諮商", "心理健康", "治療師"],
        "tl": ["kausap", "kalusugan ng isip", "therapist", "counselor"],
        "hi": ["काउंसलिंग", "काउंसलर", "थेरेपी", "मनोवैज्ञानिक", "मानसिक स्वास्थ्य", "mansik swasthya"],
        "ur": ["کاؤنسلنگ", "کونسلنگ", "تھراپی", "ماہر نفسیات", "ذہنی صحت", "نفسیاتی مدد", "zehni sehat"],
    },
    {  # food and clothes
        "en": ["food", "clothes", "clothing", "groceries", "meals", "food pantry"],
        "es": ["comida", "ropa", "despensa", "alimentos", "comedor"],
        "vi": ["thức ăn", "đồ ăn", "quần áo", "thực phẩm"],
        "zh-hans": ["食物", "衣服", "衣物", "食品", "吃的"],
        "ar": ["طعام", "أكل", "ملابس", "غذاء"],
        "fr": ["nourriture", "vêtements", "courses", "repas", "banque alimentaire"],
        "pt-br": ["comida", "roupas", "compras de mercado", "refeições", "cesta básica"],
        "ko": ["음식", "옷", "식료품", "식사", "푸드뱅크"],
        "zh-hant": ["食物", "衣服", "衣物", "食品", "吃的"],
        "tl": ["pagkain", "damit", "grocery", "makakain"],
        "hi": ["खाना", "भोजन", "कपड़े", "राशन", "फ़ूड बैंक", "khana", "kapde", "kapre", "rashan"],
        "ur": ["کھانا", "کپڑے", "راشن", "فوڈ بینک", "khana", "kapray", "kapre", "rashan"],
    },
    {  # a job, school
        "en": ["job", "jobs", "employment", "school", "job training"],
        "es": ["trabajo", "empleo", "chamba", "escuela", "educación"],
        "vi": ["việc làm", "công việc", "học nghề", "học tập"],
        "zh-hans": ["工作", "就业", "找工作", "学校", "教育"],
        "ar": ["عمل", "وظيفة", "شغل", "مدرسة", "التعليم"],
        "fr": ["emploi", "travail", "école", "formation professionnelle"],
        "pt-br": ["emprego", "trabalho", "escola", "capacitação profissional"],
        "ko": ["일자리", "취업", "직업", "학교", "직업 교육"],
        "zh-hant": ["工作", "就業", "找工作", "學校", "職業訓練"],
        "tl": ["trabaho", "hanapbuhay", "paaralan", "eskwela", "training sa trabaho"],
        "hi": ["नौकरी", "रोज़गार", "स्कूल", "पढ़ाई", "नौकरी की ट्रेनिंग", "naukri", "naukari", "rozgar", "kaam", "padhai"],
        "ur": ["نوکری", "ملازمت", "روزگار", "اسکول", "تعلیم", "naukri", "nokri", "rozgar", "kaam", "taleem"],
    },
    {  # alcohol and drugs
        "en": ["drugs", "alcohol", "addiction", "rehab", "recovery"],
        "es": ["drogas", "alcohol", "adicción", "rehabilitación"],
        "vi": ["ma túy", "rượu", "cai nghiện"],
        "zh-hans": ["戒毒", "毒品", "酒精", "戒酒"],
        "ar": ["مخدرات", "كحول", "إدمان", "تعافي"],
        "fr": ["drogue", "drogues", "alcool", "dépendance", "désintoxication", "rétablissement"],
        "pt-br": ["drogas", "álcool", "dependência", "reabilitação", "recuperação"],
        "ko": ["마약", "약물", "술", "알코올", "중독", "재활", "회복"],
        "zh-hant": ["戒毒", "毒品", "酒精", "戒酒", "成癮"],
        "tl": ["droga", "alak", "adiksyon", "rehab", "paggaling"],
        "hi": ["नशा", "नशे", "ड्रग्स", "शराब", "नशा मुक्ति", "nasha", "nashe", "sharab", "daru"],
        "ur": ["نشہ", "نشے", "منشیات", "الکحل", "شراب نوشی", "nasha", "nashe", "sharab", "manshiyat"],
    },
    {  # money
        "en": ["money", "compensation", "financial help"],
        "es": ["dinero", "compensación", "ayuda económica", "ayuda con dinero"],
        "vi": ["bồi thường", "trợ cấp", "tài chính"],
        "zh-hans": ["赔偿", "经济帮助", "补偿"],
        "ar": ["مال", "فلوس", "تعويض", "مساعدة مالية"],
        "fr": ["argent", "indemnisation", "aide financière"],
        "pt-br": ["dinheiro", "indenização", "ajuda financeira"],
        "ko": ["돈", "보상", "금전 지원"],
        "zh-hant": ["錢", "賠償", "補償", "經濟協助"],
        "tl": ["pera", "kabayaran", "tulong pinansyal"],
        "hi": ["पैसे", "पैसा", "मुआवज़ा", "आर्थिक मदद", "paise", "paisa", "muavza", "muavaza", "arthik madad"],
        "ur": ["پیسے", "پیسہ", "معاوضہ", "مالی مدد", "مالی امداد", "paise", "paisay", "muawza", "maali madad"],
    },
]


@cache
def _groups_by_phrase():
    """Every phrase, normalised, with the group of words it stands for."""
    by_phrase = {}
    for group in GROUPS:
        members = tuple(dict.fromkeys(plain(phrase) for phrases in group.values() for phrase in phrases))
        for phrase in members:
            by_phrase.setdefault(phrase, members)
    return by_phrase


GROUP_WORD_PREFIX = "xsyn"  # a start no word people type has


def group_word(members):
    """The one word the index holds for a group: named after its first phrase ("xsynshelter"),
    letters only, so the full-text index keeps it whole."""
    return GROUP_WORD_PREFIX + "".join(members[0].split())


def is_group(members):
    return _groups_by_phrase().get(members[0]) == members


@cache
def _phrases_by_first_letter():
    """(first letter, the phrase's words, its group's word) for every phrase of every group."""
    by_letter = {}
    for phrase, members in _groups_by_phrase().items():
        phrase_words = full_text_words(phrase)
        if phrase_words:
            by_letter.setdefault(phrase_words[0][0], []).append((phrase_words, group_word(members)))
    return by_letter


def group_words_in(text):
    """The group words for `text` (folded search text): a group's word when the text holds one of
    its phrases the way a search finds it, each word of the phrase starting a word of the text,
    in a row ("food pantries" holds "food pantry")."""
    text_words = full_text_words(text)
    found = {}
    by_letter = _phrases_by_first_letter()
    for index, word in enumerate(text_words):
        for phrase_words, group in by_letter.get(word[0], ()):
            following = text_words[index : index + len(phrase_words)]
            if len(following) == len(phrase_words) and all(
                each.startswith(part) for each, part in zip(following, phrase_words, strict=True)
            ):
                found[group] = True
    return list(found)


@cache
def _longest_first():
    return sorted(_groups_by_phrase().items(), key=lambda item: -len(item[0]))


def _singular(word):
    """ "abogados" -> "abogado", "lawyers" -> "lawyer": plurals as people type them."""
    return [word[: -len(ending)] for ending in ("es", "s") if word.endswith(ending) and len(word) > len(ending) + 2]


def _group_within(word):
    """The group of a plural ("abogados"), or of a phrase inside Chinese written without spaces."""
    for singular in _singular(word):
        if singular in _groups_by_phrase():
            return _groups_by_phrase()[singular]
    if is_search_word(word[:1]) and len(word) > 1:  # CJK: one character is already a word
        return next((members for phrase, members in _longest_first() if phrase in word), None)
    return None


def search_groups(query, limit=8):
    """The query as groups of words: a result must hold some word of every group.

    A phrase of GROUPS becomes its whole group; any other word stands for itself."""
    remaining = [*words(query)]
    text = f" {' '.join(remaining)} "
    groups = []
    for phrase, members in _longest_first():
        padded = f" {phrase} "
        if padded in text:
            groups.append(members)
            text = text.replace(padded, " ")
    for word in text.split():
        members = _group_within(word)
        if members is not None:
            groups.append(members)
        elif is_search_word(word):
            groups.append((word,))
    return list(dict.fromkeys(groups))[:limit]
