"""Month names as Moroccan administration writes them in Arabic.

Django's Arabic catalog names the months as in the Middle East (مايو, يوليو, أغسطس, سبتمبر, نوفمبر,
ديسمبر); Moroccan texts write ماي, يوليوز, غشت, شتنبر, نونبر, دجنبر. Dates are formatted with Django's
month names (`F` in `config/formats/ar/formats.py`), looked up in the project's catalog before Django's:
listing the same messages here puts them in `locale/`, where the Arabic catalog gives the Moroccan names.
Nothing imports this module; it exists for `makemessages`.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)

# the month as it stands alone (`E`), which Django's catalogs keep apart for languages that decline it
MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
