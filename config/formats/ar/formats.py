"""Arabic (Morocco) formats: day first, Western digits as Moroccan administration writes them.

Every format the templates name is set here: one left out falls back to Django's global default,
which is month first (SHORT_DATETIME_FORMAT = "m/d/Y P" printed 2 December as 12/02/2026)."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"
NUMBER_GROUPING = 3
