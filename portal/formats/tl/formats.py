TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "N j, Y, g:i A"
