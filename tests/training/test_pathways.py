"""Professional project, social incubation and mediation: written on the case, validated, scoped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jisr.cases import services as case_services
from jisr.training import pathways
from jisr.training.models import Incubation, Mediation, ProfessionalProject
from tests.training.test_training import NEVER_SEE, pathway_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_a_professional_project_is_written_then_validated(personas) -> None:  # type: ignore[no-untyped-def]
    case = pathway_case(personas)
    with pytest.raises(ValidationError) as refused:
        pathways.professional_project_save(acting_user=personas.worker_a, case=case, title="", sector="", text="")
    assert {"title", "sector", "text"} <= set(refused.value.message_dict)
    project = pathways.professional_project_save(
        acting_user=personas.worker_a,
        case=case,
        title="Atelier de couture",
        sector="Textile",
        text="Ouvrir un atelier.",
    )
    project = pathways.professional_project_save(acting_user=personas.worker_a, case=case, project=project,
                                                 title="Atelier de couture", sector="Textile",
                                                 text="Ouvrir un atelier à Inezgane avec deux voisines.",
                                                 validated=True)  # fmt: skip
    assert project.status == ProfessionalProject.Status.VALIDATED and ProfessionalProject.objects.count() == 1
    with pytest.raises(Http404):
        pathways.professional_project_save(acting_user=personas.worker_b, case=case, title="x", sector="y", text="z")


def test_an_incubation_needs_a_plan_then_a_funder(personas) -> None:  # type: ignore[no-untyped-def]
    case = pathway_case(personas)
    with pytest.raises(ValidationError) as refused:
        pathways.incubation_save(acting_user=personas.worker_a, case=case, activity="Couture", stage="funded")
    assert {"business_plan", "funding_amount"} <= set(refused.value.message_dict)
    assert not Incubation.objects.exists()
    incubation = pathways.incubation_save(acting_user=personas.worker_a, case=case, activity="Couture", stage="funded",
                                          business_plan="Deux machines", funder="INDH",
                                          funding_amount=Decimal("15000"))  # fmt: skip
    assert incubation.funding_amount == Decimal("15000")


def test_mediation_opens_and_closes_once(personas) -> None:  # type: ignore[no-untyped-def]
    case = pathway_case(personas)
    mediation = pathways.mediation_start(
        acting_user=personas.worker_a, case=case, kind="health", purpose="Au CHR", organization=personas.health_partner
    )
    with pytest.raises(ValidationError):
        pathways.mediation_close(acting_user=personas.worker_a, mediation=mediation, result=" ")
    mediation = pathways.mediation_close(acting_user=personas.worker_a, mediation=mediation, result="Soins obtenus")
    assert mediation.status == Mediation.Status.DONE
    with pytest.raises(ValidationError, match="already"):
        pathways.mediation_close(acting_user=personas.worker_a, mediation=mediation, result="x")
    case_services.outcome_record(acting_user=personas.worker_a, case=case, kind="other", evidence="Soins obtenus")
    case_services.case_close(acting_user=personas.worker_a, case=case, reason="goals_achieved")
    case.refresh_from_db()
    with pytest.raises(ValidationError):  # nothing is written on a closed case
        pathways.mediation_start(acting_user=personas.worker_a, case=case, kind="social", purpose="x")


def test_the_case_pathways_page(client, personas) -> None:  # type: ignore[no-untyped-def]
    case = pathway_case(personas)
    page = reverse("training:case", args=[case.pk])
    client.force_login(personas.worker_a)
    assert client.get(page).status_code == 200
    client.post(reverse("training:case_project", args=[case.pk]),
                {"title": "Atelier", "sector": "Textile", "text": "Projet"})  # fmt: skip
    incubation = {"activity": "Couture", "stage": "business_plan", "business_plan": "Plan", "funding_amount": "١٠٠٠٫٥"}
    client.post(reverse("training:case_incubation", args=[case.pk]), incubation)
    client.post(reverse("training:case_mediation", args=[case.pk]), {"kind": "social", "purpose": "CNSS"})
    assert ProfessionalProject.objects.count() == Incubation.objects.count() == Mediation.objects.count() == 1
    assert Incubation.objects.get().funding_amount == Decimal("1000.5")
    for name in NEVER_SEE:
        client.force_login(getattr(personas, name))
        assert client.get(page).status_code == 404, name
        assert client.post(reverse("training:case_mediation", args=[case.pk]),
                           {"kind": "social", "purpose": "x"}).status_code == 404, name  # fmt: skip
    assert Mediation.objects.count() == 1
