"""The partnerships hold no beneficiary's data: organizations' agreements and amounts (`jisr.core.personal_data`).

The authors of entries are staff accounts, kept for accountability like the audit log's actors."""

from __future__ import annotations

from jisr.core import personal_data
from jisr.partnerships.models import Budget, Convention, Coverage, Earmark, Party, Project, Total, Transaction


def register() -> None:
    personal_data.declare_no_personal_data(Convention, "partnership agreements between organizations")
    personal_data.declare_no_personal_data(Party, "the organizations party to a convention and their roles")
    personal_data.declare_no_personal_data(Project, "lines of work under a convention")
    personal_data.declare_no_personal_data(Coverage, "the territories a convention covers and their shares")
    personal_data.declare_no_personal_data(Budget, "planned amounts per year")
    personal_data.declare_no_personal_data(Transaction, "commitments, disbursements and expenditures in MAD")
    personal_data.declare_no_personal_data(Earmark, "shares of commitments reserved for a target group")
    personal_data.declare_no_personal_data(Total, "sums of the counted money per convention, type and year")
