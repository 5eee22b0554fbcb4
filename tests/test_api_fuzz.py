"""Schemathesis over the whole `/api/v1/` OpenAPI: every operation, generated inputs (valid and invalid), as a
national officer with a bearer token, in process (no network), in the test database.

Each operation gets `EXAMPLES` generated requests (derandomized: the same ones on every run); every request
that names records (in its path, its query or its JSON body) is sent a second time with the ids of a seeded
dataset (a center, a person and a twin, a merge, a case with its plan and referral, a training program with its
session, enrolment and certificate, a social program, an import job), in turn as center A's manager, its social
worker and the national officer, so the handlers behind the 404 are fuzzed too; and once more by a social worker
of center B, who must never succeed. Allowed: no server error (5xx), and every answer has a documented status code,
content type and body. docs/api.md says more.

Reproduce: `.venv/bin/pytest tests/test_api_fuzz.py -q -p no:xdist` (one operation: add `-k "plans and goals"`).
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from ninja.responses import NinjaJSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api
from tests.personas import Personas

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PREFIX = "/api/v1/"
EXAMPLES = int(os.environ.get("JISR_FUZZ_EXAMPLES", "20"))  # per operation; raise it for a deeper run
# 0 server errors, 0 undocumented answers: the status code, the content type and the body each as documented.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _load() -> Any:
    """The schema as the API serves it, bound to the Django WSGI application (requests never leave the process)."""
    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX), cls=NinjaJSONEncoder))
    config = SchemathesisConfig.from_dict(
        {
            "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True, "database": "none"},
            "phases": {"examples": {"enabled": False}, "coverage": {"enabled": False}},
        }
    )
    loaded = schemathesis.openapi.from_dict(document, config=config)
    loaded.app = get_wsgi_application()
    return loaded


schema = _load()


@dataclass
class World:
    """The seeded records whose ids replace the generated ones, and who the requests are sent as."""

    national: Any
    staff: tuple[Any, ...]
    other_center: Any
    ids: dict[str, str]
    replays: int = 0

    def headers(self, user: Any) -> dict[str, str]:
        """A fresh bearer token for each request: a generated call to `/auth/token/revoke` revokes the one it used."""
        from jisr.accounts.tokens import token_issue

        return {"Authorization": f"Bearer {token_issue(user=user, name='fuzz')[1]}"}

    def with_valid_ids(self, case: Any) -> bool:
        """Put the seeded ids in the case's path, query and JSON body where their names appear; False if none does."""
        changed = False
        path = dict(case.path_parameters or {})
        for name in path:
            key = name
            if name == "code":  # a territory's HCP code, or a certificate's verification code
                key = "certificate_code" if "/certificates/" in case.path else "territory_code"
            if key in self.ids:
                path[name], changed = self.ids[key], True
        case.path_parameters = path
        if isinstance(case.query, dict) and "program" in case.query:
            case.query = {**case.query, "program": self.ids["program_code"]}
            changed = True
        if isinstance(case.body, dict):
            body = dict(case.body)
            for name in body:
                key = BODY_IDS.get(name, name)
                if key in self.ids:
                    body[name], changed = self.ids[key], True
                elif name in LIST_IDS:
                    body[name], changed = [self.ids[LIST_IDS[name]]], True
            case.body = body
        return changed

    def next_staff(self) -> Any:
        """In turn: the manager approves and certifies, the worker records and sends, the national officer merges."""
        self.replays += 1
        return self.staff[self.replays % len(self.staff)]


# What any authenticated user may read by id: the directory, the territories, the public certificate check.
OPEN_TO_EVERY_USER = {"GET /api/v1/centers/{center_id}", "GET /api/v1/territories/{code}",
                      "GET /api/v1/training/certificates/verify/{code}"}  # fmt: skip
# Body fields that name a seeded record under another name, and the ones that hold a list of them.
BODY_IDS = {"absorb_id": "twin_id", "to_organization_id": "organization_id", "assigned_to": "worker_username",
            "responsible": "worker_username"}  # fmt: skip
LIST_IDS = {"module_ids": "module_id", "present": "enrollment_id"}


def _seed(personas: Personas) -> dict[str, str]:
    """One record of each kind the API names in a path, in center A (which the national officer sees)."""
    from jisr.cases import services as case_services
    from jisr.notifications.models import Notification
    from jisr.people.services import person_merge
    from jisr.programs.services import program_save
    from jisr.referrals.services import referral_send
    from jisr.registry.models import ImportJob
    from jisr.training import services as training
    from tests.cases.helpers import approved_plan, diagnose
    from tests.people.helpers import register

    person = register(personas, first_name_ar="فاطمة", last_name_ar="الزهراء", first_name_latin="Fatima",
                      last_name_latin="Zahra", sex="F")  # fmt: skip
    case = case_services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                   reason="r", channel="walk_in", consent_obtained=True,
                                   assigned_to=personas.worker_a)  # fmt: skip
    plan = approved_plan(personas, diagnose(personas, case))
    case.refresh_from_db()
    referral = referral_send(acting_user=personas.worker_a, case=case, reason="Consultation", shared_fields=["name"],
                             consent_obtained=True, to_organization=personas.health_partner)  # fmt: skip
    absorbed = register(personas, first_name_ar="فاطمة", last_name_ar="الزهراء", sex="F")
    merge = person_merge(acting_user=personas.national, keep=person, absorb=absorbed, reason="the same person")
    twin = register(personas, first_name_ar="فاطمة", last_name_ar="الزهراء", sex="F", phone="0600000000")
    module = training.module_save(acting_user=personas.national, code="couture", title_ar="الخياطة",
                                  title_fr="Couture", title_en="Sewing", hours=40, competencies=["Coudre"],
                                  assessment_method="Épreuve", certifying_body="Entraide nationale")  # fmt: skip
    today = timezone.localdate()
    program = training.program_create(acting_user=personas.manager_a, center=personas.center_a,
                                      title_ar="خياطة", title_fr="Couture",
                                      kind="certified_training", modules=[module], capacity=5,
                                      starts_on=today - datetime.timedelta(days=10),
                                      ends_on=today + datetime.timedelta(days=60))  # fmt: skip
    session = training.session_add(acting_user=personas.manager_a, program=program, module=module,
                                   held_on=today, hours=4, trainer="Formatrice")  # fmt: skip
    enrollment = training.enroll(acting_user=personas.worker_a, program=program, case=case)
    training.attendance_record(acting_user=personas.worker_a, session=session, present=[enrollment.pk])
    result = training.result_record(acting_user=personas.manager_a, enrollment=enrollment, module=module, score=80)
    certificate = training.certificate_issue(acting_user=personas.manager_a, result=result)
    amo = program_save(acting_user=personas.national, code="amo", name_ar="أمو", name_fr="AMO", name_en="AMO",
                       rule={"all": [{"field": "pmt_index", "op": "<=", "value": 9.3}]})  # fmt: skip
    job = ImportJob.objects.create(file_name="menages.csv", path="/nonexistent.csv", policy="refuse",
                                   started_by=personas.national, status=ImportJob.Status.DONE)  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jisr.attachments.services import attachment_add

    document = attachment_add(acting_user=personas.worker_a, case=case, kind="medical",
                              upload=SimpleUploadedFile("bilan.pdf", b"%PDF-1.4\n%%EOF\n"))  # fmt: skip
    ids: dict[str, Any] = {
        "center_id": personas.center_a.pk, "person_id": person.pk, "merge_id": merge.pk, "case_id": case.pk,
        "plan_id": plan.pk, "action_id": plan.goals.first().actions.first().pk, "referral_id": referral.pk,
        "action": "accept", "program_id": program.pk, "session_id": session.pk, "enrollment_id": enrollment.pk,
        "module_id": module.pk, "job_id": job.pk, "certificate_code": certificate.verification_code,
        "territory_code": personas.center_a.commune_id, "twin_id": twin.pk, "program_code": amo.code,
        "organization_id": personas.health_partner.pk, "worker_username": personas.worker_a.username,
        "protocol_id": case.assessments.first().protocol_id,
        "attachment_id": document.pk,
        "notification_id": Notification.objects.filter(user=personas.worker_a).first().pk,  # the plan approved
    }  # fmt: skip
    return {name: str(value) for name, value in ids.items()}


@pytest.fixture
def world(personas: Personas, settings: Any, tmp_path: Any) -> Iterator[World]:
    settings.VAR_DIR = tmp_path  # uploads of the import endpoint land here, not in var/
    settings.JISR_ATTACHMENTS_DIR = tmp_path / "attachments"  # and the attached documents
    # Django closes the connection around each request (CONN_MAX_AGE); inside the test's transaction that would
    # end the transaction. The test client disconnects these handlers the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield World(
            national=personas.national,
            staff=(personas.manager_a, personas.worker_a, personas.national),
            other_center=personas.worker_b,
            ids=_seed(personas),
        )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.generate])  # fmt: skip
def test_api_answers_as_documented(case: Any, world: World) -> None:
    case.call_and_validate(headers=world.headers(world.national), checks=CHECKS)
    if world.with_valid_ids(case):
        case.call_and_validate(headers=world.headers(world.next_staff()), checks=CHECKS)
        # Scope: the same request from a social worker of center B never succeeds on center A's records.
        answer = case.call(headers=world.headers(world.other_center))
        if case.operation.label not in OPEN_TO_EVERY_USER:
            assert answer.status_code in (400, 404, 422), f"{case.operation.label}: {answer.status_code} for worker_b"
