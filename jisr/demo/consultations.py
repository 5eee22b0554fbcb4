"""The demo's regional consultations: the twelve meetings of the 2022–2026 strategy, a few hundred
recommendations written for the demo, their decisions, and each region's action plan with its progress.

The order and the dates follow the sources where they give them (`docs/consultations.md`, "Demo"): Dakhla
first on 18 December 2021, Laayoune second, Errachidia third, Rabat eleventh (a Thursday: 13 January 2022) and
Agadir last (a Friday: 14 January 2022), all between 18 December 2021 and 15 January 2022. The other regions'
order and dates are illustrative. The recommendations are not the meetings' own: they are combined from the
templates below, deterministically (a seeded generator), in Arabic and in French, and the same proposal made in
several regions gives the duplicates the staff merge.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from jisr.accounts.models import User
from jisr.centers.models import Organization
from jisr.consultations import services
from jisr.consultations.models import ConsultationRound, Recommendation, ResultStatus
from jisr.demo.organizations import ENTRAIDE_KEY, association_key, health_delegation_key
from jisr.territories.models import Province, Region

ROUND_CODE = "strategy-2022-2026"
SEED = 20211218
# region, date, place (ar, fr), chair's office (ar, fr)
MEETINGS: list[tuple[str, str, tuple[str, str], tuple[str, str]]] = [
    (
        "12",
        "2021-12-18",
        ("مقر ولاية جهة الداخلة - وادي الذهب، الداخلة", "Siège de la wilaya, Dakhla"),
        ("والي جهة الداخلة - وادي الذهب", "Wali de la région Dakhla-Oued Eddahab"),
    ),
    (
        "11",
        "2021-12-20",
        ("قاعة الاجتماعات بمجلس الجهة، العيون", "Salle du conseil régional, Laâyoune"),
        ("والي جهة العيون - الساقية الحمراء", "Wali de la région Laâyoune-Sakia El Hamra"),
    ),
    (
        "08",
        "2021-12-23",
        ("القاعة الكبرى للقصر البلدي، الرشيدية", "Grande salle du palais municipal, Errachidia"),
        ("والي جهة درعة تافيلالت", "Wali de la région Drâa-Tafilalet"),
    ),
    (
        "10",
        "2021-12-27",
        ("مقر ولاية الجهة، كلميم", "Siège de la wilaya, Guelmim"),
        ("والي جهة كلميم - واد نون", "Wali de la région Guelmim-Oued Noun"),
    ),
    (
        "02",
        "2021-12-29",
        ("مقر ولاية الجهة، وجدة", "Siège de la wilaya, Oujda"),
        ("والي جهة الشرق", "Wali de la région de l'Oriental"),
    ),
    (
        "01",
        "2021-12-31",
        ("مقر ولاية الجهة، طنجة", "Siège de la wilaya, Tanger"),
        ("والي جهة طنجة - تطوان - الحسيمة", "Wali de la région Tanger-Tétouan-Al Hoceïma"),
    ),
    (
        "03",
        "2022-01-04",
        ("مقر ولاية الجهة، فاس", "Siège de la wilaya, Fès"),
        ("والي جهة فاس - مكناس", "Wali de la région Fès-Meknès"),
    ),
    (
        "05",
        "2022-01-06",
        ("مقر ولاية الجهة، بني ملال", "Siège de la wilaya, Béni Mellal"),
        ("والي جهة بني ملال - خنيفرة", "Wali de la région Béni Mellal-Khénifra"),
    ),
    (
        "07",
        "2022-01-10",
        ("مقر ولاية الجهة، مراكش", "Siège de la wilaya, Marrakech"),
        ("والي جهة مراكش - آسفي", "Wali de la région Marrakech-Safi"),
    ),
    (
        "06",
        "2022-01-12",
        ("مقر ولاية الجهة، الدار البيضاء", "Siège de la wilaya, Casablanca"),
        ("والي جهة الدار البيضاء - سطات", "Wali de la région Casablanca-Settat"),
    ),
    (
        "04",
        "2022-01-13",
        ("الرباط، حضوريا وعن بعد", "Rabat, en présentiel et à distance"),
        ("والي جهة الرباط - سلا - القنيطرة", "Wali de la région Rabat-Salé-Kénitra"),
    ),
    (
        "09",
        "2022-01-14",
        ("مقر ولاية جهة سوس - ماسة، أكادير", "Siège de la wilaya, Agadir"),
        ("والي جهة سوس - ماسة", "Wali de la région Souss-Massa"),
    ),
]

# (verb ar, verb fr), (object ar, object fr, target group, pillar, lever)
VERBS = [
    ("إحداث", "Créer"),
    ("تعميم", "Généraliser"),
    ("تأهيل", "Réhabiliter"),
    ("تعزيز", "Renforcer"),
    ("دعم", "Soutenir"),
    ("توسيع", "Étendre"),
]
OBJECTS = [
    (
        "مراكز للاستماع والتوجيه لفائدة النساء ضحايا العنف",
        "des centres d'écoute et d'orientation pour les femmes victimes de violence",
        "women",
        "women",
        "convergence",
    ),
    (
        "برامج للتمكين الاقتصادي للنساء في العالم القروي",
        "des programmes d'autonomisation économique des femmes rurales",
        "women",
        "women",
        "partnerships",
    ),
    ("فضاءات متعددة الوظائف للنساء", "des espaces multifonctionnels pour les femmes", "women", "women", "territorial"),
    (
        "مراكز لتشخيص الإعاقة والتوجيه المبكر",
        "des centres de diagnostic et d'orientation précoce du handicap",
        "disability",
        "ecosystem",
        "quality",
    ),
    (
        "أقسام الإدماج المدرسي للأطفال في وضعية إعاقة",
        "des classes d'inclusion scolaire pour les enfants en situation de handicap",
        "disability",
        "ecosystem",
        "convergence",
    ),
    (
        "ولوجيات المرافق العمومية للأشخاص في وضعية إعاقة",
        "l'accessibilité des services publics aux personnes en situation de handicap",
        "disability",
        "ecosystem",
        "governance",
    ),
    (
        "مؤسسات الرعاية الاجتماعية للأشخاص المسنين",
        "les établissements de protection sociale pour personnes âgées",
        "elderly",
        "family",
        "quality",
    ),
    (
        "المساعدة الاجتماعية عن قرب للأشخاص المسنين بدون مأوى",
        "l'aide sociale de proximité aux personnes âgées sans abri",
        "elderly",
        "family",
        "territorial",
    ),
    (
        "وحدات حماية الطفولة على مستوى الأقاليم",
        "des unités de protection de l'enfance dans les provinces",
        "children",
        "family",
        "governance",
    ),
    (
        "التكفل بالأطفال المحرومين من السند العائلي",
        "la prise en charge des enfants privés de protection familiale",
        "children",
        "family",
        "quality",
    ),
    ("برامج الوساطة الأسرية", "des programmes de médiation familiale", "families", "family", "innovation"),
    (
        "المواكبة الاجتماعية للأسر في وضعية هشاشة",
        "l'accompagnement social des familles vulnérables",
        "families",
        "family",
        "convergence",
    ),
    (
        "مسارات التكوين بوحدات إشهادية للشباب",
        "des parcours de formation par modules certifiants pour les jeunes",
        "youth",
        "ecosystem",
        "partnerships",
    ),
    (
        "حاضنات اجتماعية لمشاريع الشباب",
        "des incubateurs sociaux pour les projets des jeunes",
        "youth",
        "ecosystem",
        "innovation",
    ),
    (
        "رقمنة خدمات المراكز الاجتماعية",
        "la numérisation des services des centres sociaux",
        "all",
        "ecosystem",
        "digital_watch",
    ),
    (
        "قاعدة معطيات جهوية مشتركة للفاعلين الاجتماعيين",
        "une base de données régionale commune des acteurs sociaux",
        "all",
        "ecosystem",
        "digital_watch",
    ),
    (
        "قدرات الجمعيات العاملة في المجال الاجتماعي",
        "les capacités des associations du secteur social",
        "all",
        "ecosystem",
        "governance",
    ),
    (
        "الشراكة الثلاثية بين الوزارة والولاية ومجلس الجهة",
        "le partenariat tripartite ministère–wilaya–conseil régional",
        "all",
        "ecosystem",
        "partnerships",
    ),
]
PLACES_AR = ["في كل إقليم", "في العالم القروي", "في الأحياء الهامشية", "في المناطق الجبلية", ""]
PLACES_FR = [
    "dans chaque province",
    "en milieu rural",
    "dans les quartiers périphériques",
    "dans les zones de montagne",
    "",
]
REASONS = [
    "يدخل في اختصاص قطاع آخر وأحيل عليه / Relève d'un autre secteur, qui en a été saisi",
    "مشمول ببرنامج وطني قائم / Déjà couvert par un programme national en cours",
    "الكلفة غير متوافقة مع الغلاف المالي للفترة / Coût hors de l'enveloppe de la période",
    "غير قابل للتنفيذ في المدى القريب / Non réalisable à court terme",
]
ACTIONS = [
    (
        "إعادة تأهيل مراكز اجتماعية من الجيل الجديد",
        "Réhabiliter des centres sociaux de nouvelle génération",
        "ecosystem",
        "all",
        ENTRAIDE_KEY,
    ),
    (
        "شبكة جهوية لمراكز الاستماع للنساء",
        "Réseau régional de centres d'écoute pour les femmes",
        "women",
        "women",
        "conseil",
    ),
    (
        "برنامج جهوي للإدماج المدرسي للأطفال في وضعية إعاقة",
        "Programme régional d'inclusion scolaire des enfants en situation de handicap",
        "ecosystem",
        "disability",
        "health",
    ),
    (
        "المساعدة الاجتماعية عن قرب للأشخاص المسنين",
        "Aide sociale de proximité aux personnes âgées",
        "family",
        "elderly",
        "association",
    ),
    ("حاضنة اجتماعية جهوية للشباب", "Incubateur social régional pour les jeunes", "ecosystem", "youth", "wilaya"),
    (
        "رقمنة خدمات المراكز وربطها بالخارطة الاجتماعية",
        "Numérisation des centres et raccordement à la carte sociale",
        "ecosystem",
        "all",
        ENTRAIDE_KEY,
    ),
]
RESULTS = [
    (("دراسة الحاجيات", "Étude des besoins"), None),
    (
        ("الأشغال والتجهيز", "Travaux et équipement"),
        [("الشطر الأول", "Première tranche", "3"), ("الشطر الثاني", "Deuxième tranche", "1")],
    ),
    (
        ("تكوين الأطر", "Formation des équipes"),
        [("الدورة الأولى", "Première session", None), ("الدورة الثانية", "Deuxième session", None)],
    ),
]
MILESTONES = [
    ("توقيع اتفاقية الشراكة", "Signature de la convention de partenariat"),
    ("إطلاق طلب العروض", "Lancement de l'appel d'offres"),
    ("انطلاق الأشغال", "Démarrage des travaux"),
    ("افتتاح المركز", "Ouverture du centre"),
]


# Who recorded the demo's consultations: an account of its own, not one of the demo's sign-in accounts. Its
# changes are audited like anyone's, and the audit log (append-only) keeps its rows, so it must outlive
# `jisr demo --reset`, which deletes the sign-in accounts. It has no password and no e-mail: nobody signs in as it.
SECRETARIAT_USERNAME = "consultations-secretariat"


def secretariat() -> User:
    """The account the demo's consultations are recorded by (a national officer; created when missing)."""
    from jisr.accounts.models import Membership, Role

    user = User.objects.filter(username=SECRETARIAT_USERNAME).first()
    if user is None:
        user = User(username=SECRETARIAT_USERNAME, email="")
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, role=Role.objects.get(slug=Role.NATIONAL_OFFICER))
    return user


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def load_demo_consultations(
    *, acting_user: User, organizations: dict[str, Organization], small: bool = False
) -> dict[str, int]:
    """The round, its meetings, recommendations and decisions, the plans; nothing when the round exists. The small
    demo (quick test setups) has the twelve meetings with two recommendations and one action each."""
    if ConsultationRound.objects.filter(code=ROUND_CODE).exists():
        return {}
    from jisr.strategy.loader import load_framework
    from jisr.strategy.models import Lever, Pillar

    if not Pillar.objects.exists():
        load_framework()
    pillars = {pillar.code: pillar for pillar in Pillar.objects.all()}
    levers = {lever.code: lever for lever in Lever.objects.all()}
    statuses = {status.code: status for status in ResultStatus.objects.all()}
    rng = random.Random(SEED)  # noqa: S311 — demo data, not security
    user = acting_user
    consultation_round = services.round_create(
        acting_user=user,
        code=ROUND_CODE,
        name_ar="اللقاءات التشاورية الجهوية حول استراتيجية 2022-2026",
        name_fr="Consultations régionales sur la stratégie 2022-2026",
        starts_on=datetime.date(2021, 12, 18),
        ends_on=datetime.date(2022, 1, 15),
    )
    counts = {"meetings": 0, "recommendations": 0, "actions": 0}
    earlier: dict[int, list[Recommendation]] = {}
    for sequence, (region_code, day, place, chair) in enumerate(MEETINGS, start=1):
        region = Region.objects.get(code=region_code)
        held_on = datetime.date.fromisoformat(day)
        provinces = list(Province.objects.filter(region=region).order_by("code"))
        seat = provinces[0]
        meeting = services.meeting_create(
            acting_user=user,
            consultation_round=consultation_round,
            region=region,
            sequence=sequence,
            held_on=held_on,
            place=f"{place[0]} / {place[1]}",
            chair=f"{chair[0]} / {chair[1]}",
            agenda="عرض الاستراتيجية / Présentation de la stratégie\n"
            "ورشات موضوعاتية / Ateliers thématiques\n"
            "التوصيات / Recommandations",
        )
        services.meeting_advance(acting_user=user, meeting=meeting)
        participants = [
            organizations[key]
            for key in (f"wilaya-{region_code}", f"conseil-regional-{region_code}", f"aref-{region_code}", ENTRAIDE_KEY)
            if key in organizations
        ]
        participants += [
            organizations[key]
            for province in provinces[:4]
            for key in (health_delegation_key(province.code), association_key(province.code))
            if key in organizations
        ]
        for organization in participants:
            services.meeting_add_organization(acting_user=user, meeting=meeting, organization=organization)
        services.meeting_set_attendance(
            acting_user=user,
            meeting=meeting,
            counts={
                "authorities": (rng.randint(2, 6), rng.randint(6, 14)),
                "elected": (rng.randint(3, 9), rng.randint(8, 20)),
                "sectoral": (rng.randint(5, 12), rng.randint(6, 15)),
                "associations": (rng.randint(10, 30), rng.randint(8, 25)),
                "agencies": (rng.randint(3, 8), rng.randint(3, 8)),
            },
        )
        counts["meetings"] += 1
        plan = services.plan_create(
            acting_user=user,
            region=region,
            first_year=2022,
            last_year=2026,
            consultation_round=consultation_round,
            title_ar=f"المخطط الجهوي للعمل الاجتماعي – {region.name_ar}",
            title_fr=f"Plan régional d'action sociale – {region.name_fr}",
        )
        actions = []
        for number, (title_ar, title_fr, pillar, group, owner_kind) in enumerate(
            [ACTIONS[0], ACTIONS[2]] if small else ACTIONS, start=1
        ):
            province = provinces[number % len(provinces)] if number % 2 else None
            if owner_kind == "health":
                province = seat  # the seat's health delegation: Agadir's in Souss-Massa (the demo partner)
            owner_key = {
                "conseil": f"conseil-regional-{region_code}",
                "wilaya": f"wilaya-{region_code}",
                "health": health_delegation_key((province or seat).code),
                "association": association_key((province or seat).code),
            }.get(owner_kind, owner_kind)
            owner = organizations.get(owner_key) or organizations[ENTRAIDE_KEY]
            start = datetime.date(2022 + number % 3, 1 + number * 2 % 12, 1)
            action = services.action_create(
                acting_user=user,
                plan=plan,
                code=f"{(number + 1) // 2}.{2 - number % 2}",
                title_ar=title_ar,
                title_fr=title_fr,
                owner=owner,
                province=province,
                pillar=pillars.get(pillar),
                target_group=group,
                partners=[p for p in participants[:3] if p != owner],
                budget=Decimal(rng.randint(8, 120) * 250_000),
                starts_on=start,
                ends_on=datetime.date(2026, 12, 31),
            )
            _results(user, action, rng, statuses)
            for index in range(rng.randint(1, 3)):
                milestone = MILESTONES[index]
                services.milestone_add(
                    acting_user=user,
                    action=action,
                    reached_on=start + datetime.timedelta(days=90 + 200 * index),
                    title_ar=milestone[0],
                    title_fr=milestone[1],
                )
            actions.append(action)
            counts["actions"] += 1
        counts["recommendations"] += _recommendations(
            user,
            meeting,
            provinces,
            participants,
            actions,
            rng,
            pillars,
            levers,
            earlier,
            2 if small else rng.randint(22, 28),
        )
    return counts


def _results(user: User, action: Any, rng: random.Random, statuses: dict[str, ResultStatus]) -> None:
    codes = ["not_started", "started", "in_progress", "nearly_done", "done"]
    for order, ((title_ar, title_fr), children) in enumerate(RESULTS):
        parent = services.result_create(
            acting_user=user,
            action=action,
            title_ar=title_ar,
            title_fr=title_fr,
            order=order,
            status=None if children else statuses[codes[min(4, rng.randint(2, 6))]],
        )
        for child_order, (child_ar, child_fr, weight) in enumerate(children or []):
            services.result_create(
                acting_user=user,
                action=action,
                parent=parent,
                title_ar=child_ar,
                title_fr=child_fr,
                order=child_order,
                weight=Decimal(weight) if weight else None,
                status=statuses[rng.choice(codes)],
            )


def _recommendations(
    user: User,
    meeting: Any,
    provinces: list[Province],
    participants: list[Organization],
    actions: list[Any],
    rng: random.Random,
    pillars: dict[str, Any],
    levers: dict[str, Any],
    earlier: dict[int, list[Recommendation]],
    how_many: int,
) -> int:
    made = 0
    held = _at(meeting.held_on, 16)
    for _number in range(how_many):
        object_index = rng.randrange(len(OBJECTS))
        verb_ar, verb_fr = rng.choice(VERBS)
        object_ar, object_fr, group, pillar, lever = OBJECTS[object_index]
        place = rng.randrange(len(PLACES_AR))
        recommendation = services.recommendation_create(
            acting_user=user,
            meeting=meeting,
            now=held,
            text_ar=f"{verb_ar} {object_ar} {PLACES_AR[place]}".strip(),
            text_fr=f"{verb_fr} {object_fr} {PLACES_FR[place]}".strip(),
            organization=rng.choice(participants) if participants else None,
            province=rng.choice(provinces) if rng.random() < 0.6 else None,
            target_group=group,
            pillar=pillars.get(pillar),
            lever=levers.get(lever),
        )
        made += 1
        roll = rng.random()
        studied = _at(meeting.held_on + datetime.timedelta(days=rng.randint(20, 60)))
        if roll < 0.1:
            continue  # still as received
        previous = [rec for rec in earlier.get(object_index, []) if rec.meeting_id != meeting.pk]
        if roll < 0.18 and previous:
            services.recommendation_merge(
                acting_user=user,
                duplicate=recommendation,
                into=rng.choice(previous),
                note="نفس المقترح / Même proposition",
            )
            continue
        services.recommendation_decide(
            acting_user=user, recommendation=recommendation, status="under_study", now=studied
        )
        decided = studied + datetime.timedelta(days=rng.randint(30, 120))
        if roll < 0.3:
            continue  # still under study
        if roll < 0.45:
            services.recommendation_decide(
                acting_user=user,
                recommendation=recommendation,
                status="not_retained",
                reason=rng.choice(REASONS),
                now=decided,
            )
        else:
            matching = [a for a in actions if a.target_group == group] or actions
            services.recommendation_decide(
                acting_user=user,
                recommendation=recommendation,
                status="accepted",
                action=rng.choice(matching),
                now=decided,
            )
        earlier.setdefault(object_index, []).append(recommendation)
    return made


def delete_demo_consultations() -> int:
    """Remove the demo round with its meetings, recommendations and plans (before the demo organizations go)."""
    from jisr.consultations.models import ActionPlan, Meeting, RecommendationEvent

    consultation_round = ConsultationRound.objects.filter(code=ROUND_CODE).first()
    if consultation_round is None:
        return 0
    recommendations = Recommendation.objects.filter(meeting__round=consultation_round)
    RecommendationEvent.objects.filter(recommendation__in=recommendations).delete()
    recommendations.filter(status="merged").delete()
    count = recommendations.count()
    recommendations.delete()
    ActionPlan.objects.filter(round=consultation_round).delete()
    Meeting.objects.filter(round=consultation_round).delete()
    consultation_round.delete()
    return count
