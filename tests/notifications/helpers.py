"""What the notification tests share: a case full of things no e-mail may say, and the checks of an outbox."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage
from django.utils import translation

from jisr.accounts.models import User
from jisr.cases import services as case_services
from jisr.cases.models import Case
from jisr.notifications.models import Notification
from jisr.people.models import Person, Vulnerability
from tests.people.helpers import register
from tests.personas import make_user

FIRST_AR, LAST_AR = "زبيدة", "الورزازية"
FIRST_LATIN, LAST_LATIN = "Zoubida", "Ouarzazia"
PHONE = "0677889911"
REASON = "RAISON-CONFIDENTIELLE-7731 violences conjugales"
NOTE = "NOTE-CONFIDENTIELLE-4412 la personne a peur"
ARABIC = re.compile("[\u0600-\u06ff]")


@dataclass
class Secret:
    """A case and everything about its person that an e-mail must never carry."""

    person: Person
    case: Case

    def forbidden(self) -> list[str]:
        words = [FIRST_AR, LAST_AR, FIRST_LATIN, LAST_LATIN, PHONE, REASON, "RAISON-CONFIDENTIELLE", NOTE,
                 "NOTE-CONFIDENTIELLE", self.case.reference, str(self.person.pk)]  # fmt: skip
        for language in ("ar", "fr", "en"):  # the vulnerability, in every language it could be written in
            with translation.override(language):
                words.append(str(Vulnerability.Category.VIOLENCE_VICTIM.label))
        return words


def secret_case(personas: Any, *, assigned_to: User | None = None, by: str = "worker_a") -> Secret:
    """A case at center A of a person with recognizable names, a phone, a vulnerability (victim of violence), a
    confidential reason and confidential listening notes."""
    person = register(personas, first_name_ar=FIRST_AR, last_name_ar=LAST_AR, first_name_latin=FIRST_LATIN,
                      last_name_latin=LAST_LATIN, sex="F", phone=PHONE,
                      vulnerabilities=[Vulnerability.Category.VIOLENCE_VICTIM])  # fmt: skip
    assert person.vulnerabilities.filter(category=Vulnerability.Category.VIOLENCE_VICTIM).exists()
    case = case_services.case_open(acting_user=getattr(personas, by), person=person, center=personas.center_a,
                                   reason=REASON, channel="walk_in", consent_obtained=True,
                                   assigned_to=assigned_to)  # fmt: skip
    case_services.listening_record(acting_user=personas.worker_a, case=case, needs=["safety"], notes=NOTE)
    return Secret(person=person, case=case)


def assert_discreet(messages: Iterable[EmailMessage], secret: Secret) -> None:
    """No message says anything of the person or the case beyond a sentence and links."""
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        leaked = [word for word in secret.forbidden() if word and word in text]
        assert not leaked, f"the e-mail to {message.to} carries {leaked}:\n{text}"


def to(outbox: Iterable[EmailMessage], user: User) -> list[EmailMessage]:
    return [message for message in outbox if message.to == [user.email]]


def assert_in_language(message: EmailMessage, language: str) -> None:
    """The e-mail is written in `language`: said in its header, and (Arabic or not) in its words."""
    assert message.extra_headers.get("Content-Language") == language
    text = f"{message.subject}\n{message.body}"
    if language == "ar":
        assert "جسر" in message.subject  # the site's name, in Arabic
    else:
        assert not ARABIC.search(text), text


def assert_links_to_notification(message: EmailMessage, notification: Notification) -> None:
    assert f"http://jisr.test/notifications/{notification.pk}/" in message.body


def told(user: User, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind))


def second_worker_a() -> User:
    return make_user(
        "p-worker-a2", "social_worker", center=User.objects.get(username="p-worker-a").memberships.get().center
    )
