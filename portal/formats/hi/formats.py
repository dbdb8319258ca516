# Django's Hindi month names in "F" are misspelt (दिसमबर) and its a.m. and p.m. are both बजे, which
# would leave an appointment's time ambiguous: the alternative month names (E, spelt right, and Hindi
# month names do not change form) and the 24-hour clock, as Indian Railways and forms write it.
DATE_FORMAT = "j E Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"
