"""Date and time formats where Django's own fall short for the portal's readers (FORMAT_MODULE_PATH).

- Vietnamese: sentences already say "ngày" (on the day), so the date itself does not repeat it.
- Arabic: Django has no date-and-time pattern, so the English one showed; Arabic commas and
  Western digits throughout, the same digits as the phone numbers beside them.
- English: opening hours as people write them on a door, "9:00 AM".
- Tagalog: Django has no Tagalog patterns; dates and times as in American English, the way they are
  written in the Philippines ("Dec. 4, 2026, 2:30 PM").
- Korean: morning or afternoon before the time, as Korean says it ("오전 10:00"), in dates too.
- Hindi: month names spelt right (Django's "F" misspells three) and the 24-hour clock, because Django's
  Hindi a.m. and p.m. are the same word ("4 दिसंबर 2026, 14:30").
- Urdu: day before month and the Arabic-script comma ("4 دسمبر 2026، 2:30 شام").
"""
