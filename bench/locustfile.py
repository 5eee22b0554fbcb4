"""Locust users of `bench.load_cases`: social workers and coordinators browsing the case list and case pages.

Each simulated user takes a session cookie and the ids of cases it may see from the JSON file named
by JISR_LOAD_PLAN (written by bench.load_cases), then alternates like a person at work: open the
list (first or a later page, sometimes filtered), open a case, think for a moment.
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["JISR_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115


class CaseWorker(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.persona = random.choice(PLAN["personas"])  # noqa: S311 — load mix, not security
        self.client.cookies.set("sessionid", self.persona["session"])

    @task(3)
    def case_list(self) -> None:
        page = random.choice([1, 1, 1, 2, 3])  # noqa: S311
        status = random.choice(["", "", "open", "pathway"])  # noqa: S311
        self.client.get(f"/cases/?page={page}&status={status}", name="case list")

    @task(4)
    def case_page(self) -> None:
        case_id = random.choice(self.persona["cases"])  # noqa: S311
        self.client.get(f"/cases/{case_id}/", name="case page")

    @task(1)
    def case_list_api(self) -> None:
        self.client.get("/api/v1/cases?page_size=25", name="API case list")
