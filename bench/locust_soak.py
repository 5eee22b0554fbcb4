"""Locust users of `bench.soak`: people at work in the centers, reading and writing.

Each user takes a persona of the plan named by JISR_LOAD_PLAN (a session cookie for the pages, an API
token for the API). Everyone browses the case list, case pages and the API lists; the social workers
also receive people: open a case (API), record the listening interview, send a referral to the other
center. A write that does not answer 201 counts as an error.
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["JISR_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
NEEDS = ["income", "training", "health", "housing", "family", "documents"]


class CenterStaff(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.persona = random.choice(PLAN["personas"])  # noqa: S311 — load mix, not security
        self.client.cookies.set("sessionid", self.persona["session"])
        self.api = {"Authorization": f"Bearer {self.persona['token']}"}

    @task(3)
    def case_list(self) -> None:
        page = random.choice([1, 1, 1, 2, 3])  # noqa: S311
        self.client.get(f"/cases/?page={page}", name="case list")

    @task(4)
    def case_page(self) -> None:
        if self.persona["cases"]:
            self.client.get(f"/cases/{random.choice(self.persona['cases'])}/", name="case page")  # noqa: S311

    @task(1)
    def api_lists(self) -> None:
        self.client.get("/api/v1/cases?page_size=25", headers=self.api, name="API case list")
        self.client.get("/api/v1/referrals?box=sent", headers=self.api, name="API referrals sent")

    @task(2)
    def receive_a_person(self) -> None:
        """Open a case, record the listening, refer to the other center: three writes, as at a desk."""
        if "persons" not in self.persona:
            return
        opened = self._post("/api/v1/cases", "open a case", {
            "person_id": random.choice(self.persona["persons"]), "center_id": self.persona["center"],  # noqa: S311
            "reason": "soak: accueil", "channel": "walk_in", "consent_obtained": True})  # fmt: skip
        if opened is None:
            return
        case_id = opened["id"]
        self._post(
            f"/api/v1/cases/{case_id}/listening",
            "record a listening",
            {"needs": random.sample(NEEDS, 2), "notes": "soak: écoute"},
        )  # noqa: S311
        self._post("/api/v1/referrals", "send a referral", {
            "case_id": case_id, "to_center_id": self.persona["refer_to"], "reason": "soak: orientation",
            "shared_fields": ["name"], "consent_obtained": True})  # fmt: skip

    def _post(self, url: str, name: str, payload: dict[str, object]) -> dict[str, object] | None:
        with self.client.post(url, json=payload, headers=self.api, name=name, catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
                return None
            response.success()
            return dict(response.json())
