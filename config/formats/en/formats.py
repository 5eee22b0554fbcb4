"""English formats: unambiguous ISO dates (year first) rather than the US month/day order."""

DATE_FORMAT = "N j, Y"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
