"""The ministry's 2022–2026 strategy as data: its three pillars, its levers, its objectives and the
indicators of its measured aims (docs/strategy.md). `jisr load_strategy` writes them (idempotent).

Each indicator says whether Jisr computes it (`computed`: a provider in `providers.py`) or a person
enters it, and, where the HCP 2024 census is the source of its baseline, which census indicator of
the social map gives it (`baseline_from`: key and sex of `socialmap.IndicatorValue`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

Names = tuple[str, str, str]  # Arabic, French, English

PILLARS: dict[str, Names] = {
    "ecosystem": (
        "منظومة اجتماعية مبتكرة ودامجة وولوجة",
        "Un écosystème social innovant, inclusif et accessible",
        "An innovative, inclusive and accessible social ecosystem",
    ),
    "women": (
        "المساواة وتمكين النساء وريادتهن",
        "L'égalité, l'autonomisation et le leadership des femmes",
        "Equality, empowerment and leadership of women",
    ),
    "family": (
        "الأسرة منظومةً للقيم والاستدامة",
        "La famille, système de valeurs et de durabilité",
        "The family as a system of values and sustainability",
    ),
}

LEVERS: dict[str, Names] = {
    "digital_watch": (
        "الرقمنة واليقظة الاجتماعية",
        "Digitalisation et veille sociale",
        "Digitalization and social watch",
    ),
    "governance": ("الحكامة", "Gouvernance", "Governance"),
    "convergence": ("الالتقائية والتواصل", "Convergence et communication", "Convergence and communication"),
    "quality": ("الجودة", "Qualité", "Quality"),
    "innovation": ("الابتكار الاجتماعي", "Innovation sociale", "Social innovation"),
    "territorial": (
        "دعم الجماعات الترابية",
        "Appui aux collectivités territoriales",
        "Support to territorial collectivities",
    ),
    "partnerships": ("الشراكات والتمويل", "Partenariats et financement", "Partnerships and financing"),
}

OBJECTIVES: dict[str, tuple[str, Names]] = {
    "disability_inclusion": (
        "ecosystem",
        (
            "إدماج الأشخاص في وضعية إعاقة",
            "Inclusion des personnes en situation de handicap",
            "Inclusion of persons with disabilities",
        ),
    ),
    "care_vulnerable": (
        "ecosystem",
        (
            "التكفل بالأشخاص في وضعية هشاشة",
            "Prise en charge des personnes en situation de vulnérabilité",
            "Care of persons in vulnerable situations",
        ),
    ),
    "women_economic": (
        "women",
        (
            "التمكين الاقتصادي للنساء",
            "Autonomisation économique des femmes",
            "Economic empowerment of women",
        ),
    ),
    "women_protection": (
        "women",
        (
            "حماية النساء من العنف",
            "Protection des femmes contre la violence",
            "Protection of women against violence",
        ),
    ),
    "family_care": (
        "family",
        (
            "تكفل الأسرة بأفرادها الأكثر هشاشة",
            "La famille et ses membres les plus vulnérables",
            "The family and its most vulnerable members",
        ),
    ),
}


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    objective: str
    names: Names
    definition: str
    unit: str
    aggregation: str
    source: str
    direction: str = "up"
    weight: str = ""
    disaggregations: tuple[str, ...] = ()
    frequency: str = "yearly"
    levers: tuple[str, ...] = ()
    computed: bool = False
    baseline_from: tuple[str, str] | None = None  # (socialmap indicator key, sex)
    demo_range: tuple[float, float] = (0.0, 100.0)  # illustrative values of a region stay in it
    measure: str = "quantitative"
    order: int = 100
    extra: dict[str, str] = field(default_factory=dict)


HCP_2024 = "HCP, RGPH 2024"
JISR = "Jisr"

INDICATORS: list[IndicatorSpec] = [
    IndicatorSpec(
        "pwd_employment_rate",
        "disability_inclusion",
        (
            "معدل تشغيل الأشخاص في وضعية إعاقة",
            "Taux d'emploi des personnes en situation de handicap",
            "Employment rate of persons with disabilities",
        ),
        "Persons with a disability aged 15 and over who are employed, per 100 persons with a disability of that age.",
        "percent",
        "weighted_mean",
        "HCP, enquête nationale sur le handicap",
        weight="population",
        disaggregations=("sex", "area"),
        levers=("convergence", "partnerships"),
        demo_range=(10, 30),
        order=10,
    ),
    IndicatorSpec(
        "pwd_reaching_employment",
        "disability_inclusion",
        (
            "الأشخاص في وضعية إعاقة الذين ولجوا الشغل أو التشغيل الذاتي",
            "Personnes en situation de handicap ayant accédé à un emploi ou à l'auto-emploi",
            "Persons with a disability who reached employment or self-employment",
        ),
        "Distinct persons with a recorded disability whose case recorded an outcome 'employed' or 'self-employed' "
        "achieved during the year, counted where the case is followed.",
        "count",
        "sum",
        JISR,
        disaggregations=("sex",),
        levers=("digital_watch", "innovation"),
        computed=True,
        demo_range=(0, 3),
        order=11,
    ),
    IndicatorSpec(
        "pwd_children_schooling",
        "disability_inclusion",
        (
            "تمدرس الأطفال في وضعية إعاقة من الأسر الهشة",
            "Scolarisation des enfants en situation de handicap issus de familles vulnérables",
            "Schooling of children with disabilities from vulnerable families",
        ),
        "Children aged 6 to 11 with a disability, from households eligible to social programs, who attend school, "
        "per 100 such children. Its baseline is the schooling rate of all children aged 6 to 11 (HCP 2024), "
        "the closest measure the census publishes.",
        "percent",
        "weighted_mean",
        HCP_2024,
        weight="population",
        disaggregations=("sex", "area"),
        levers=("convergence",),
        baseline_from=("schooling_rate_6_to_11", "all"),
        demo_range=(60, 99),
        order=12,
    ),
    IndicatorSpec(
        "elderly_in_care",
        "care_vulnerable",
        (
            "المسنون في وضعية هشاشة أو بدون مأوى المتكفل بهم",
            "Personnes âgées vulnérables ou sans abri prises en charge",
            "Vulnerable and homeless elderly persons taken in care",
        ),
        "Distinct persons recorded as elderly or homeless whose case was opened during the year.",
        "count",
        "sum",
        JISR,
        disaggregations=("sex",),
        levers=("quality",),
        computed=True,
        demo_range=(5, 25),
        order=20,
    ),
    IndicatorSpec(
        "registry_coverage",
        "care_vulnerable",
        (
            "تغطية السجل الاجتماعي للأسر",
            "Couverture des ménages par le registre social",
            "Households covered by the social registry",
        ),
        "Households of the social registry declared by the end of the year, per 100 households of the territory "
        "in the 2024 census (HCP, RGPH 2024).",
        "percent",
        "weighted_mean",
        JISR,
        weight="population",
        disaggregations=("area",),
        levers=("digital_watch", "convergence"),
        computed=True,
        demo_range=(20, 80),
        order=21,
    ),
    IndicatorSpec(
        "children_without_support_in_care",
        "family_care",
        (
            "الأطفال المحرومون من السند العائلي المتكفل بهم",
            "Enfants privés de soutien familial pris en charge",
            "Children without family support taken in care",
        ),
        "Distinct persons recorded as children without family support whose case was opened during the year.",
        "count",
        "sum",
        JISR,
        disaggregations=("sex",),
        levers=("quality", "territorial"),
        computed=True,
        demo_range=(4, 20),
        order=30,
    ),
    IndicatorSpec(
        "women_activity_rate",
        "women_economic",
        ("معدل نشاط النساء", "Taux d'activité des femmes", "Women's activity rate"),
        "Active women aged 15 and over (employed or unemployed) per 100 women aged 15 and over.",
        "percent",
        "weighted_mean",
        HCP_2024,
        weight="women",
        disaggregations=("area", "age_band"),
        levers=("convergence", "partnerships"),
        baseline_from=("activity_rate", "female"),
        demo_range=(12, 35),
        order=40,
    ),
    IndicatorSpec(
        "women_responsibility_positions",
        "women_economic",
        ("النساء في مناصب المسؤولية", "Femmes aux postes de responsabilité", "Women in positions of responsibility"),
        "Women among the holders of positions of responsibility in the public administration, per 100 holders.",
        "percent",
        "none",
        "Ministère de la Transition numérique et de la Réforme de l'administration",
        levers=("governance",),
        demo_range=(20, 40),
        order=41,
    ),
    IndicatorSpec(
        "women_certified_training",
        "women_economic",
        (
            "النساء اللواتي أتممن تكويناً مُشهَداً",
            "Femmes ayant achevé une formation certifiante",
            "Women who completed a certified training",
        ),
        "Distinct women who received a module certificate (not revoked) during the year, counted where the "
        "training program's center is.",
        "count",
        "sum",
        JISR,
        disaggregations=("age_band",),
        levers=("innovation", "digital_watch"),
        computed=True,
        demo_range=(5, 20),
        order=42,
    ),
    IndicatorSpec(
        "violence_prevalence",
        "women_protection",
        (
            "انتشار العنف ضد النساء",
            "Prévalence de la violence à l'égard des femmes",
            "Prevalence of violence against women",
        ),
        "Women aged 15 to 74 who suffered at least one act of violence in the last twelve months, per 100 women.",
        "percent",
        "weighted_mean",
        "HCP, enquête nationale sur la violence à l'encontre des femmes",
        direction="down",
        weight="women",
        disaggregations=("area", "age_band"),
        levers=("convergence",),
        demo_range=(40, 65),
        order=50,
    ),
    IndicatorSpec(
        "violence_cases_per_10k_women",
        "women_protection",
        (
            "حالات العنف ضد النساء المستقبلة والمواكبة لكل 10000 امرأة",
            "Cas de violence à l'égard des femmes reçus et accompagnés pour 10 000 femmes",
            "Cases of violence against women received and accompanied per 10,000 women",
        ),
        "Cases opened during the year for women recorded as victims of violence, per 10,000 women of the territory "
        "(HCP 2024 municipal population of women). A rise means more women reach the centers: it is read as "
        "access, so up is good.",
        "ratio",
        "weighted_mean",
        JISR,
        weight="women",
        levers=("digital_watch", "convergence"),
        computed=True,
        demo_range=(0.2, 3),
        order=51,
    ),
]
