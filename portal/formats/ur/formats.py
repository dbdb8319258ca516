# Urdu writes the day before the month (4 دسمبر 2026) and separates with the Arabic-script comma; the
# clock is the 12-hour one people use, with Django's Urdu words for morning and evening.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "g:i a"
DATETIME_FORMAT = "j F Y، g:i a"
