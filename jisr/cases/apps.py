from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "jisr.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from jisr.cases.contributions import (
            flag_entries,
            followup_items,
            handover_entries,
            plan_items,
            timeline_entries,
            transfer_items,
            work_items,
        )
        from jisr.core import timeline, worklist

        timeline.register_provider(timeline_entries)
        timeline.register_provider(handover_entries)
        timeline.register_provider(flag_entries)
        worklist.register_provider(work_items)
        worklist.register_provider(followup_items)
        worklist.register_provider(plan_items)
        worklist.register_provider(transfer_items)

        from jisr.cases import home as cases_home
        from jisr.core import figures, home, menu_counts

        home.register_panel(cases_home.CENTER_PANEL)
        home.register_panel(cases_home.MY_CASES_PANEL)
        for section in cases_home.SECTIONS:
            worklist.register_section(section)
        menu_counts.register_counter("cases", cases_home.menu_count)
        figures.register_provider(cases_home.territory_figures)
        _register_activity_sources()

        from jisr.cases import notifications, personal_data
        from jisr.cases.services import mark_at_registering_center
        from jisr.people.services import register_merge_follower

        personal_data.register()
        register_merge_follower(mark_at_registering_center)
        notifications.register()

        from jisr.cases.audit_display import register as register_audit_display

        register_audit_display()

        from jisr.cases.dashboards import SECTIONS
        from jisr.core import dashboards

        for dashboard_section in SECTIONS:
            dashboards.register_section(dashboard_section)

        from jisr.cases import maplayers as case_layers
        from jisr.core import maplayers

        maplayers.register_contacts("cases", case_layers.contacts)
        maplayers.register_provider("cases", case_layers.layers)

        from jisr.cases import watch

        watch.register()


def _register_activity_sources() -> None:
    """What counts as work on a case, besides its own row (which changes with each stage move and reassignment)."""
    from jisr.cases.measures import register_activity_source
    from jisr.cases.models import (
        Assessment,
        CaseEvent,
        FollowUp,
        ListeningRecord,
        OrientationPlan,
        Outcome,
        PlanAction,
        PlanGoal,
    )

    for model, case_lookup, time_field in [
        (CaseEvent, "case", "at"),
        (ListeningRecord, "case", "created_at"),
        (Assessment, "case", "assessed_at"),
        (OrientationPlan, "case", "created_at"),
        (OrientationPlan, "case", "submitted_at"),
        (OrientationPlan, "case", "decided_at"),
        (PlanGoal, "plan__case", "created_at"),
        (PlanAction, "goal__plan__case", "created_at"),
        (PlanAction, "goal__plan__case", "closed_at"),
        (FollowUp, "case", "recorded_at"),
        (Outcome, "case", "recorded_at"),
    ]:
        register_activity_source(model, case_lookup, time_field)
