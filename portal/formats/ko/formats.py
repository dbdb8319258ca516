DATETIME_FORMAT = "Y년 n월 j일 A g:i"
