"""The case summary as a PDF (A4), in the reader's language: Arabic right to left and shaped, or French.

What it holds, and what it leaves out, is `jisr.cases.summary`'s; this module only lays it out, with the
font and shaping of every Jisr PDF (`jisr.core.pdf`). Dates are day/month/year.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from jisr.cases.models import ListeningRecord, PlanAction
from jisr.cases.protocols import PATHWAY_LABELS
from jisr.cases.services import CLOSURE_REASONS
from jisr.cases.summary import CaseSummary
from jisr.core.pdf import BODY, new_document

BODY_SIZE = 10.5
INDENT = 7  # millimetres, per level of a list
NEED_LEVELS = {
    "high": gettext_lazy("high need"),
    "medium": gettext_lazy("medium need"),
    "low": gettext_lazy("low need"),
}


def _date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _user(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else "—"


class _Page:
    """Paragraphs, headings and lists, aligned to the page's reading direction."""

    def __init__(self, pdf: FPDF, rtl: bool, language: str) -> None:
        self.pdf, self.rtl, self.language = pdf, rtl, language
        self.align = Align.R if rtl else Align.L

    def paragraph(self, text: str, *, size: float = BODY_SIZE, bold: bool = False, level: int = 0,
                  gap: float = 0.8) -> None:  # fmt: skip
        pdf = self.pdf
        indent = level * INDENT
        pdf.set_font(BODY, style="B" if bold else "", size=size)
        pdf.set_x(pdf.l_margin + (0 if self.rtl else indent))
        width = pdf.w - pdf.l_margin - pdf.r_margin - indent
        pdf.multi_cell(width, size * 0.5, text, align=self.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    def heading(self, text: str) -> None:
        self.pdf.ln(2.5)
        self.paragraph(text, size=13, bold=True, gap=1.5)

    def field(self, label: str, value: str) -> None:
        # French puts a space before the colon
        self.paragraph(f"{label} : {value}" if self.language == "fr" else f"{label}: {value}")

    def item(self, text: str, level: int = 1) -> None:
        """A list item: its marker drawn on its own on the reading side, the text hanging beside it (a marker
        inside the text would be placed by the bidirectional algorithm, on the wrong side of an Arabic line)."""
        pdf = self.pdf
        height = BODY_SIZE * 0.5
        if pdf.will_page_break(height):
            pdf.add_page()
        indent = level * INDENT
        y = pdf.get_y()
        pdf.set_font(BODY, size=BODY_SIZE)
        pdf.set_xy(pdf.w - pdf.r_margin - indent + 1 if self.rtl else pdf.l_margin + indent - 5, y)
        pdf.cell(4, height, "•" if level == 1 else "–", align=Align.C)
        pdf.set_y(y)
        self.paragraph(text, level=level)


def _person(page: _Page, summary: CaseSummary) -> None:
    person = summary.case.person
    page.heading(_("Person"))
    latin = " ".join(part for part in (person.first_name_latin, person.last_name_latin) if part)
    arabic = " ".join(part for part in (person.first_name_ar, person.last_name_ar) if part)
    page.field(_("Name"), " — ".join(name for name in (arabic, latin) if name) or "—")
    page.field(_("Sex"), str(person.get_sex_display()))
    if person.birth_date:
        year = str(person.birth_date.year)
        page.field(_("Year of birth"), _("about %(year)s (estimated)") % {"year": year}
                   if person.birth_date_is_estimated else year)  # fmt: skip
    page.field(_("Commune"), person.commune.name if person.commune else "—")


def _case(page: _Page, summary: CaseSummary) -> None:
    case = summary.case
    page.heading(_("Case"))
    page.field(_("Center"), case.center.name)
    page.field(_("Social worker"), _user(case.assigned_to))
    page.field(_("Stage"), str(case.get_status_display()))
    page.field(_("Urgency"), str(case.get_urgency_display()))
    page.field(_("Opened on"), _date(case.opened_at))
    if case.closed_at:
        reason = CLOSURE_REASONS.get(case.closure_reason, case.closure_reason)
        page.field(_("Closed on"), f"{_date(case.closed_at)} ({reason})" if reason else _date(case.closed_at))
    page.field(_("Reason for coming"), case.reason.strip() or "—")
    if summary.history:
        page.paragraph(_("Stages reached"), bold=True)
        for change in summary.history:
            page.item(f"{_date(change.changed_at)} — {change.get_to_status_display()}")


def _assessment(page: _Page, summary: CaseSummary) -> None:
    page.heading(_("Diagnosis"))
    assessment = summary.assessment
    if assessment is None:
        page.paragraph(_("No diagnosis yet."))
        return
    page.paragraph(_("Priority %(priority)s, assessed on %(date)s") % {
        "priority": assessment.get_priority_display(), "date": _date(assessment.assessed_at)}
        + f" ({assessment.protocol.title}, v{assessment.protocol.version})")  # fmt: skip
    titles = {
        domain.get("code"): domain.get("title", {}) for domain in assessment.protocol.definition.get("domains", [])
    }
    for domain, level in assessment.needs_profile.items():
        title = titles.get(domain, {})
        name = title.get(page.language) or title.get("fr") or domain
        page.item(f"{name}: {NEED_LEVELS.get(level, level)}")
    if assessment.recommendations:
        page.paragraph(_("Recommended pathways"), bold=True)
        for code in assessment.recommendations:
            page.item(str(PATHWAY_LABELS.get(code, code)))


def _action(action: PlanAction) -> str:
    text = f"{action.get_kind_display()}: {action.description} — {_('due on')} {_date(action.due_on)} — "
    text += str(action.get_status_display())
    return f"{text} ({action.result})" if action.result else text


def _plan(page: _Page, summary: CaseSummary) -> None:
    page.heading(_("Orientation plan"))
    plan = summary.plan
    if plan is None:
        page.paragraph(_("No orientation plan yet."))
        return
    page.field(_("Status"), str(plan.get_status_display()))
    if plan.summary.strip():
        page.paragraph(plan.summary.strip())
    for goal in plan.goals.all():
        page.item(f"{goal.get_domain_display()} — {goal.title}")
        for action in goal.actions.all():
            page.item(_action(action), level=2)


def _referrals(page: _Page, summary: CaseSummary) -> None:
    page.heading(_("Referrals"))
    if not summary.referrals:
        page.paragraph(_("No referral."))
        return
    for referral in summary.referrals:
        recipient = referral.to_center or referral.to_organization
        service = referral.service_type.name if referral.service_type else referral.service_requested
        head = " — ".join(part for part in (recipient.name if recipient else "", service) if part)
        page.item(f"{head}: {referral.get_status_display()}")
        dates = {"sent": _date(referral.created_at), "due": _date(referral.due_on)}
        page.item(_("Sent on %(sent)s, answer expected by %(due)s") % dates, level=2)
        page.item(f"{_('Reason for the referral')}: {referral.reason}", level=2)
        if referral.responded_at:
            page.item(_("Answered on %(date)s") % {"date": _date(referral.responded_at)}, level=2)
        if referral.decline_reason:
            page.item(f"{_('Reason for declining')}: {referral.get_decline_reason_display()}", level=2)
        if referral.service_given:
            page.item(f"{_('Service given')}: {referral.service_given}", level=2)
        if referral.feedback:
            page.item(f"{_('Feedback to the sender')}: {referral.feedback}", level=2)


def _followups(page: _Page, summary: CaseSummary) -> None:
    page.heading(_("Follow-up"))
    if not summary.followups:
        page.paragraph(_("No follow-up scheduled."))
    for followup in summary.followups:
        text = f"{_date(followup.due_on)} — {followup.get_status_display()}"
        page.item(f"{text}: {followup.notes}" if followup.notes else text)
    page.heading(_("Outcomes"))
    if not summary.outcomes:
        page.paragraph(_("No outcome recorded yet."))
    for outcome in summary.outcomes:
        text = f"{outcome.get_kind_display()} — {_date(outcome.achieved_on)}"
        page.item(f"{text} ({outcome.evidence})" if outcome.evidence else text)


def _listening(page: _Page, summary: CaseSummary) -> None:
    page.heading(_("Listening (confidential)"))
    if summary.listening is None:
        page.paragraph(_("The confidential listening notes are not included: you may not read them."))
        return
    if not summary.listening:
        page.paragraph(_("No listening interview yet."))
    needs = dict(ListeningRecord.Need.choices)
    for record in summary.listening:
        page.item(f"{_date(record.held_at)} — {_user(record.interviewer)}: "
                  + ", ".join(str(needs.get(need, need)) for need in record.needs))  # fmt: skip
        if record.notes:
            page.paragraph(record.notes, level=2)


def case_summary_pdf(summary: CaseSummary, language: str) -> bytes:
    """The summary in `language` (the page's): right to left and shaped for Arabic."""
    rtl = get_language_bidi()
    case = summary.case
    pdf = new_document(title=f"{_('Case summary')} {case.reference}", rtl=rtl)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    page = _Page(pdf, rtl, language)
    page.paragraph(_("Case summary"), size=18, bold=True, gap=1)
    page.paragraph(case.reference, size=12, gap=1)
    page.paragraph(_("Made on %(date)s. Confidential: personal data protected by law 09-08, to be shared only with "
                     "the people taking part in the referral meeting or the transfer.")
                   % {"date": _date(summary.made_at)}, size=9, gap=1)  # fmt: skip
    _person(page, summary)
    _case(page, summary)
    _assessment(page, summary)
    _plan(page, summary)
    _referrals(page, summary)
    _followups(page, summary)
    _listening(page, summary)
    return bytes(pdf.output())
