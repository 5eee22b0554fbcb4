"""Khadamati's demo requests (docs/demo.md): the `citizen` account's card application in progress (a draft)
and a granted one, a parent (`citizen-parent`, 06 00 00 00 02) verified as acting for a minor child with a
schooling request, and a few hundred requests in every state across several provinces.

The citizen's and the parent's requests go through the services (their timeline, audit and notices are the
real ones); the others are written in bulk from a fixed seed, so that `make demo` stays fast and draws the same
requests each time.
"""

from __future__ import annotations

import datetime
import io
import random
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils import timezone

from jisr.accounts.models import Membership, Role, User
from jisr.demo.names import person_name
from jisr.demo.organizations import DEMO_EMAIL_DOMAIN

DEMO_REQUESTS = 300
APPLICANTS = 60
APPLICANT_PREFIX = "demo-applicant-"
SEED = 20261203
# Where the bulk requests are: Agadir (the back office of the demo) the most, then four other provinces.
PROVINCES = ["09.001", "09.001", "09.001", "09.273", "02.411", "04.421", "06.141", "01.511"]
# The states of the bulk requests, with their weights (drafts are the citizens' own and stay few).
STATES = [("submitted", 18), ("medical_committee", 14), ("social_assessment", 12), ("committee_decision", 10),
          ("granted", 8), ("refused", 6), ("more_information", 4), ("card_issued", 16), ("withdrawn", 3),
          ("reconsideration", 3), ("appeal", 1), ("draft", 5)]  # fmt: skip
DECIDED = {"granted", "refused", "more_information", "card_issued", "reconsideration", "appeal"}
PATH = ["draft", "submitted", "medical_committee", "social_assessment", "committee_decision"]
# The provincial committee as the demo's office writes it (in Arabic, as the staff of Agadir would).
COMMITTEE = ["ممثل العامل", "المندوبية الإقليمية للصحة", "المديرية الإقليمية للتربية الوطنية", "مصلحة التشغيل"]


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (220, 220, 220)).save(buffer, format="PNG")
    return buffer.getvalue()


def _account(username: str) -> User | None:
    return User.objects.filter(username=username, email=f"{username}@{DEMO_EMAIL_DOMAIN}").first()


def _request(applicant: User, code: str, status: str, person: dict[str, Any], data: dict[str, Any], *,
             days_ago: int, step: str = "review", representation: Any = None) -> Any:  # fmt: skip
    """One request written as the services would have left it (the demo writes no audit entries: the demo
    accounts must remain deletable), with its timeline up to `status`."""
    from jisr.khadamati import documents
    from jisr.khadamati import services_requests as services
    from jisr.khadamati.models import Request, RequestDocument, RequestEvent, RequestType

    request_type = RequestType.objects.get(code=code)
    started = timezone.now() - datetime.timedelta(days=days_ago)
    reached = PATH[: PATH.index(status) + 1] if status in PATH else [*PATH, status]
    if not request_type.medical_review and "medical_committee" in reached:
        reached.remove("medical_committee")
    changed = started + datetime.timedelta(days=len(reached) - 1)
    request = Request.objects.create(
        request_type=request_type, applicant=applicant, representation=representation, status=status, data=data,
        current_step=step, created_at=started, updated_at=changed, status_changed_at=changed,
        submitted_at=None if status == "draft" else started, due_at=services.due_for(status, changed), **person,
    )  # fmt: skip
    kinds = {"draft": "started", "submitted": "submitted", "medical_committee": "documents_complete",
             "social_assessment": "medical_review_done", "committee_decision": "assessment_done"}  # fmt: skip
    for index, reached_status in enumerate(reached):
        RequestEvent.objects.create(request=request, at=started + datetime.timedelta(days=index),
                                    to_status=reached_status,
                                    kind=kinds.get(reached_status, "decided"), by_office=index > 1,
                                    actor=applicant if index <= 1 else None)  # fmt: skip
    if status != "draft":
        for spec in request_type.documents:
            stored_name, key = documents.store(_png())
            RequestDocument.objects.create(
                request=request, code=spec["code"], name=f"{spec['code']}.png", mime_type="image/png", size=len(_png()),
                stored_name=stored_name, key=key, uploaded_by=applicant, uploaded_at=started,
                status="received" if status == "submitted" else "accepted",
            )  # fmt: skip
    return request


def _citizen_requests(citizen: User, office: dict[str, User]) -> int:
    """The demo citizen's card application in progress (a draft stopped at the documents), a granted card
    (the office issues it) and a draft for a wheelchair."""
    from jisr.khadamati import services_requests as services
    from jisr.khadamati.models import Decision

    person = {"first_name": citizen.first_name, "last_name": citizen.last_name,
              "birth_date": datetime.date(1984, 3, 12),
              "sex": "F", "cin": "JA100001", "province_id": "09.001", "region_code": "09"}  # fmt: skip
    situation = {"situation": {"disability_kind": "motor", "since": "", "needs": "المشي لأكثر من بضعة أمتار."}}
    granted = _request(citizen, "card-first", "granted", person, {**situation, "review": {"consent": True,
                       "declared": True}}, days_ago=40)  # fmt: skip
    today = timezone.localdate()
    Decision.objects.create(
        request=granted, outcome="granted", recorded_by=office["secretary"], confirmed_by=office["officer"],
        reasons="يُثبت التقرير الطبي والتقييم محدودية دائمة في الحركة.",
        members_present=COMMITTEE,
        recorded_at=granted.status_changed_at - datetime.timedelta(days=1), confirmed_at=granted.status_changed_at,
        meeting_date=today, valid_from=today, valid_until=services.years_after(today, 7),
    )  # fmt: skip
    _request(citizen, "card-renewal", "draft", person, {}, days_ago=2, step="card")
    _request(citizen, "assistive-device", "draft", person, {"device": {"device": "wheelchair", "has_one": "no",
             "details": ""}}, days_ago=5, step="documents")  # fmt: skip
    _refused_request(citizen, office, person)
    _request_with_a_refused_document(citizen, office, person)
    return 5


def _refused_request(citizen: User, office: dict[str, User], person: dict[str, Any]) -> None:
    """An income-generating activity refused a few days ago: the citizen may ask for a reconsideration."""
    from jisr.khadamati.models import Decision, RequestEvent

    reasons = "لا يتضمن المشروع عرض أثمان للتجهيزات، فلا يمكن للجنة تقدير كلفته."
    refused = _request(citizen, "income-activity", "refused", person, {"review": {"consent": True, "declared": True}},
                       days_ago=12)  # fmt: skip
    Decision.objects.create(
        request=refused, outcome="refused", recorded_by=office["secretary"], confirmed_by=office["officer"],
        reasons=reasons, members_present=["ممثل العامل", "مصلحة التشغيل"],
        recorded_at=refused.status_changed_at - datetime.timedelta(hours=2), confirmed_at=refused.status_changed_at,
        meeting_date=refused.status_changed_at.date(),
    )  # fmt: skip
    RequestEvent.objects.filter(request=refused, to_status="refused").update(public_note=reasons)


def _request_with_a_refused_document(citizen: User, office: dict[str, User], person: dict[str, Any]) -> None:
    """A submitted request for rehabilitation whose first document the office refused: to replace by a date."""
    from jisr.khadamati.models import RequestEvent

    submitted = _request(citizen, "rehabilitation", "submitted", person,
                         {"review": {"consent": True, "declared": True}}, days_ago=3)  # fmt: skip
    document = submitted.request_documents.order_by("code").first()
    if document is None:
        return
    reason = "الصورة غير واضحة ولا يمكن قراءة النص. أرسلوا صورة أوضح أو نسخة ممسوحة ضوئيًا."
    now = timezone.now()
    document.status, document.refusal_reason = "refused", reason
    document.replace_by = timezone.localdate() + datetime.timedelta(days=12)
    document.decided_by, document.decided_at = office["officer"], now
    document.save(update_fields=["status", "refusal_reason", "replace_by", "decided_by", "decided_at"])
    RequestEvent.objects.create(request=submitted, at=now, by_office=True, kind="document_refused",
                                public_note=reason)  # fmt: skip


def _parent_request(parent: User) -> int:
    """A parent verified as acting for a minor child, with a schooling request submitted for the child."""
    from jisr.khadamati.models import Representation
    from jisr.territories.models import Commune

    commune = Commune.objects.filter(province_id="09.001").order_by("code").first()
    if commune is None:
        return 0
    child = Representation.objects.create(
        citizen=parent, relation=Representation.Relation.MINOR_CHILD, first_name="Yassine", last_name=parent.last_name,
        birth_date=datetime.date(2016, 5, 4), civil_register_id="2016090001", commune=commune,
        province_id=commune.province_id, region_code=commune.region_id, document_name="acte-naissance.pdf",
        document_type="application/pdf", document_size=0, status=Representation.Status.VERIFIED,
        declared_at=timezone.now() - datetime.timedelta(days=20),
        decided_at=timezone.now() - datetime.timedelta(days=18),
    )  # fmt: skip
    person = {"first_name": child.first_name, "last_name": child.last_name, "birth_date": child.birth_date, "sex": "M",
              "civil_register_id": child.civil_register_id, "province_id": child.province_id,
              "region_code": child.region_code}  # fmt: skip
    data = {"school": {"school": "École Al Massira", "level": "CE3", "support": "school_assistant"},
            "review": {"consent": True, "declared": True}}  # fmt: skip
    _request(parent, "schooling", "submitted", person, data, days_ago=3, representation=child)
    return 1


def _applicants(rng: random.Random) -> list[User]:
    citizen_role = Role.objects.get(slug=Role.CITIZEN)
    no_password = make_password(None)
    users = []
    for number in range(APPLICANTS):
        first, last = person_name(rng)
        username = f"{APPLICANT_PREFIX}{number + 1:03d}"
        users.append(User(username=username, email=f"{username}@{DEMO_EMAIL_DOMAIN}", first_name=first,
                          last_name=last, password=no_password, phone=f"+2126{71000000 + number:08d}"))  # fmt: skip
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__startswith=APPLICANT_PREFIX).order_by("username"))
    Membership.objects.bulk_create([Membership(user=user, role=citizen_role) for user in users])
    return users


def _bulk_requests(rng: random.Random, office: dict[str, User]) -> int:
    from jisr.khadamati import services_requests as services
    from jisr.khadamati.models import Card, Decision, Request, RequestEvent, RequestType
    from jisr.territories.models import Province

    provinces = {province.code: province for province in Province.objects.filter(code__in=set(PROVINCES))}
    places = [code for code in PROVINCES if code in provinces]
    types = list(RequestType.objects.order_by("position"))
    applicants = _applicants(rng)
    states = [state for state, _weight in STATES]
    weights = [weight for _state, weight in STATES]
    now = timezone.now()
    requests: list[Request] = []
    events: list[RequestEvent] = []
    decisions: list[Decision] = []
    cards: list[Card] = []
    for number in range(DEMO_REQUESTS):
        applicant = applicants[number % len(applicants)]
        request_type = types[0] if rng.random() < 0.55 else rng.choice(types)
        status = rng.choices(states, weights)[0]
        province = provinces[rng.choice(places)]
        started = now - datetime.timedelta(days=rng.randint(3, 400), minutes=rng.randint(0, 600))
        changed = started + datetime.timedelta(days=rng.randint(0, 2) if status == "draft" else rng.randint(1, 60))
        changed = min(changed, now)
        first, last = person_name(rng)
        sex = rng.choice("FM")
        birth_date = datetime.date(rng.randint(1945, 2020), rng.randint(1, 12), rng.randint(1, 28))
        request = Request(
            request_type=request_type, applicant=applicant, first_name=first, last_name=last, sex=sex,
            birth_date=birth_date,
            cin=f"J{rng.choice('ABCDEFGHK')}{rng.randint(100000, 999999)}", province=province,
            region_code=province.region_id, status=status, current_step="documents" if status == "draft" else "review",
            created_at=started, updated_at=changed, status_changed_at=changed,
            submitted_at=None if status == "draft" else started + datetime.timedelta(hours=2),
            due_at=services.due_for(status, changed), decided_at=changed if status in DECIDED else None,
        )  # fmt: skip
        if status == "card_issued":
            request.card_number = f"{province.code.replace('.', '')}-{changed:%y}{number:06d}"
            request.card_issued_at = changed
            request.card_valid_until = services.years_after(changed.date(), 7)
            # the card itself, so that its PDF and its public verification page work as an issued one does
            cards.append(Card(
                number=request.card_number, request=request, holder_first_name=first, holder_last_name=last,
                holder_birth_date=birth_date, holder_cin=request.cin, province=province,
                region_code=province.region_id, valid_from=changed.date(), valid_until=request.card_valid_until,
                issued_by=office["officer"], issued_at=changed,
            ))  # fmt: skip
        requests.append(request)
        events.append(RequestEvent(request=request, at=started, actor=applicant, kind="started", to_status="draft"))
        if status != "draft":
            events.append(RequestEvent(request=request, at=started + datetime.timedelta(hours=2), actor=applicant,
                                       kind="submitted", to_status="submitted"))  # fmt: skip
        path = [
            step
            for step in PATH[2:]
            if status in DECIDED or (status in PATH and PATH.index(step) <= PATH.index(status))
        ]
        for index, step in enumerate(path):
            events.append(RequestEvent(request=request, at=started + datetime.timedelta(days=index + 1), actor=None,
                                       by_office=True, kind="documents_complete" if index == 0 else "assessment_done",
                                       to_status=step))  # fmt: skip
        if status in DECIDED:
            outcome = {"card_issued": "granted", "reconsideration": "refused", "appeal": "refused"}.get(status, status)
            reasons = {"granted": "يُثبت الملف محدودية دائمة.",
                       "refused": "لا يُثبت الملف محدودية دائمة.",
                       "more_information": "يلزم تقرير طبي حديث."}[outcome]  # fmt: skip
            decisions.append(Decision(
                request=request, outcome=outcome, reasons=reasons, members_present=["ممثل العامل"],
                recorded_by=office["secretary"], recorded_at=changed - datetime.timedelta(days=1),
                confirmed_by=office["officer"], confirmed_at=changed, meeting_date=changed.date(),
                valid_from=changed.date() if outcome == "granted" else None,
                valid_until=services.years_after(changed.date(), 7) if outcome == "granted" else None,
            ))  # fmt: skip
            events.append(RequestEvent(request=request, at=changed, by_office=True, kind="decided",
                                       to_status=outcome, public_note=reasons))  # fmt: skip
    Request.objects.bulk_create(requests)
    RequestEvent.objects.bulk_create(events)
    Decision.objects.bulk_create(decisions)
    Card.objects.bulk_create(cards)
    return len(requests)


def load_demo_requests() -> dict[str, int]:
    """Create the demo requests once (nothing when the demo citizen already has some)."""
    from jisr.khadamati.models import Request

    citizen = _account("citizen")
    parent = _account("citizen-parent")
    office = {role: _account(f"khadamati-{role}-agadir") for role in ("officer", "medical", "social", "secretary")}
    if citizen is None or parent is None or any(user is None for user in office.values()):
        return {}
    if Request.objects.filter(applicant=citizen).exists():
        return {}
    people: dict[str, User] = {key: user for key, user in office.items() if user is not None}
    rng = random.Random(SEED)  # noqa: S311 — demo data, not security
    return {"requests": _citizen_requests(citizen, people) + _parent_request(parent) + _bulk_requests(rng, people)}


def delete_demo_requests(usernames: list[str]) -> None:
    """Delete the requests of the demo accounts and of the bulk applicants (files included), then those
    applicants."""
    from jisr.khadamati import documents
    from jisr.khadamati.models import Card, Request, RequestDocument

    demo = Q(applicant__username__in=usernames) | Q(applicant__username__startswith=APPLICANT_PREFIX)
    requests = Request.objects.filter(demo, applicant__email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    names: list[Any] = list(RequestDocument.objects.filter(request__in=requests).values_list("stored_name", flat=True))
    documents.delete_on_commit(names)
    Card.objects.filter(request__in=requests).delete()  # issued by the demo office, whose accounts go next
    requests.delete()
    User.objects.filter(username__startswith=APPLICANT_PREFIX, email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()
