"""Batch record linkage of the beneficiary index with Splink (Fellegi–Sunter), DuckDB backend.

The same model runs on Spark at national scale (the settings are backend-independent). Persons are
compared on the phonetic name key (both scripts), sex, date of birth, CIN, phone and commune;
candidate pairs come from blocking on the name key, the CIN and the phone; u probabilities are
estimated from the index by random sampling, m probabilities are the priors below. Pairs above
the threshold are clustered and stored for review: an authorized user merges them through
`person_merge` (reversible) or marks them as different people.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING, Any
from uuid import UUID

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.core import audit, scope
from jisr.core.models import AuditLog
from jisr.core.scope import user_scope
from jisr.people.models import LinkagePair, LinkageRun, Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from jisr.accounts.models import User

COLUMNS = ["unique_id", "phonetic", "sex", "birth_date", "cin", "phone", "commune"]


def _persons() -> pl.DataFrame:
    rows = Person.objects.filter(merged_into=None, anonymized_at=None).values_list(
        "pk", "name_phonetic_key", "sex", "birth_date", "cin", "phone", "commune_id"
    )
    return pl.DataFrame(
        [(str(pk), key or None, sex, born.isoformat() if born else None, cin or None, phone or None, commune)
         for pk, key, sex, born, cin, phone, commune in rows],
        schema=dict.fromkeys(COLUMNS, pl.String), orient="row",
    )  # fmt: skip


# Prior m and u probabilities per comparison level (exact, then closer to further; the null level has
# none). u (how often two different persons agree by chance) is re-estimated from the index itself by
# random sampling once it is large enough; m (how often the same person agrees with themselves) stays
# at these values: expectation-maximisation needs a sizeable share of duplicates, which a maintained
# index does not have (on the demo it converged to "nobody matches"). See docs/people.md.
PRIORS: dict[str, tuple[list[float], list[float]]] = {
    "phonetic": ([0.85, 0.08, 0.04, 0.03], [0.002, 0.005, 0.01, 0.983]),
    "sex": ([0.98, 0.02], [0.5, 0.5]),
    "birth_date": ([0.8, 0.08, 0.03, 0.04, 0.03, 0.02], [0.0001, 0.0005, 0.002, 0.03, 0.3, 0.6674]),
    "cin": ([0.95, 0.05], [0.00001, 0.99999]),
    "phone": ([0.7, 0.3], [0.0005, 0.9995]),
    "commune": ([0.8, 0.2], [0.01, 0.99]),
}
PRIOR_MATCH_RATE = 1e-5  # two persons drawn at random are the same person (a few % duplicates in the index)
TRAINING_MINIMUM = 5_000  # below this, u and value frequencies are noise: the priors are used as they are
U_SAMPLE_PAIRS = 10_000_000
# An exact match on a common name key or a common birth date (1 July: ages given as "about 40") says
# less than one on a rare one: Splink weighs these two by how often the value occurs in the index.
FREQUENCY_ADJUSTED = frozenset({"phonetic", "birth_date"})
DUCKDB_MEMORY = "3GB"  # DuckDB spills to disk beyond this (its default is 80 % of the machine)
RUN_PRESUMED_DEAD_AFTER = datetime.timedelta(hours=2)  # a national run at 18 M persons takes minutes


def _settings(*, learned: bool) -> Any:
    """Splink settings; `learned` (a large enough index) weighs exact matches by the frequency of the value."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def prior(comparison: Any, column: str) -> Any:
        m, u = PRIORS[column]
        return comparison.configure(m_probabilities=m, u_probabilities=u,
                                    term_frequency_adjustments=learned and column in FREQUENCY_ADJUSTED)  # fmt: skip

    return SettingsCreator(
        link_type="dedupe_only",
        probability_two_random_records_match=PRIOR_MATCH_RATE,
        comparisons=[
            prior(cl.LevenshteinAtThresholds("phonetic", [1, 2]), "phonetic"),
            prior(cl.ExactMatch("sex"), "sex"),
            prior(cl.DateOfBirthComparison("birth_date", input_is_string=True), "birth_date"),
            prior(cl.ExactMatch("cin"), "cin"),
            prior(cl.ExactMatch("phone"), "phone"),
            prior(cl.ExactMatch("commune"), "commune"),
        ],
        # A common name key (Mohamed Alaoui) holds thousands of persons: blocking on it alone compared
        # every pair among them (1 M persons: 60 s, 9 GB). With the birth year or the commune beside it,
        # the pairs a reviewer would want are still candidates, and the work stays near-linear.
        blocking_rules_to_generate_predictions=[
            block_on("phonetic", "substr(birth_date, 1, 4)"),
            block_on("phonetic", "commune"),
            block_on("cin"),
            block_on("phone"),
        ],
        retain_matching_columns=False,
    )


def _predict(frame: pl.DataFrame, threshold: float) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(pairs: unique_id_l, unique_id_r, match_weight, match_probability; clusters: unique_id, cluster_id)."""
    import duckdb
    from splink import Linker
    from splink.backends.duckdb import DuckDBAPI

    database = duckdb.connect(config={"memory_limit": DUCKDB_MEMORY, "threads": os.cpu_count() or 1})
    learned = frame.height >= TRAINING_MINIMUM
    linker = Linker(DuckDBAPI(connection=database).register(frame.to_arrow()), _settings(learned=learned),
                    log_level=None)  # fmt: skip
    if learned:
        linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    pairs = pl.DataFrame(predictions.as_pyarrow_table()).select(
        "unique_id_l", "unique_id_r", "match_weight", "match_probability"
    )
    members = pl.DataFrame(clusters.as_pyarrow_table()).select("unique_id", "cluster_id")
    return pairs, members


def linkage_run_start(*, acting_user: User | None, threshold: float = 0.95) -> LinkageRun:
    """Record a new run (national officers only); `linkage_run_execute` does the work, in a worker."""
    if acting_user is not None:
        scope.require(acting_user, "people.unmerge_person")
    if not 0.5 <= threshold < 1:
        raise ValidationError({"threshold": [_("Enter a probability of at least 0.5 and below 1.")]})
    stale = timezone.now() - RUN_PRESUMED_DEAD_AFTER  # its process stopped (a restart): it will never finish
    LinkageRun.objects.filter(status=LinkageRun.Status.RUNNING, started_at__lt=stale).update(
        status=LinkageRun.Status.FAILED, finished_at=timezone.now()
    )
    if LinkageRun.objects.filter(status=LinkageRun.Status.RUNNING).exists():
        raise ValidationError(_("Record linkage is already running: wait for it to finish."))
    run = LinkageRun.objects.create(threshold=threshold, started_by=acting_user, started_at=timezone.now())
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=run, changes={"threshold": threshold})
    return run


def linkage_run_execute(run_id: int) -> LinkageRun:
    """Compare every active person, then store the new pairs above the threshold in one transaction."""
    run = LinkageRun.objects.get(pk=run_id)
    try:
        frame = _persons()
        pairs, members = _predict(frame, run.threshold) if frame.height > 1 else (pl.DataFrame(), pl.DataFrame())
        cluster_of = dict(members.iter_rows()) if members.height else {}
        already = set(LinkagePair.objects.values_list("left_id", "right_id"))
        rows = [
            LinkagePair(run=run, left_id=left, right_id=right, match_weight=weight, match_probability=probability,
                        cluster=str(cluster_of.get(left, left))[:60])
            for left, right, weight, probability in (pairs.iter_rows() if pairs.height else [])
            if (UUID(left), UUID(right)) not in already and (UUID(right), UUID(left)) not in already
        ]  # fmt: skip
        with transaction.atomic():
            LinkagePair.objects.bulk_create(rows, batch_size=5000)
            run.persons, run.pairs, run.clusters = frame.height, len(rows), len({row.cluster for row in rows})
            run.status, run.finished_at = LinkageRun.Status.DONE, timezone.now()
            run.save(update_fields=["persons", "pairs", "clusters", "status", "finished_at"])
    except Exception:
        LinkageRun.objects.filter(pk=run.pk).update(status=LinkageRun.Status.FAILED, finished_at=timezone.now())
        raise
    return run


def _pending_pairs(user: User | AnonymousUser) -> QuerySet[LinkagePair]:
    """Pending pairs whose two persons the user may merge (each person seen through either anchor)."""
    from jisr.people.selectors import visible_people

    mergeable = visible_people(user, "people.merge_person")
    return LinkagePair.objects.filter(status=LinkagePair.Status.PENDING, left__in=mergeable, right__in=mergeable)


def visible_pairs(user: User | AnonymousUser) -> QuerySet[LinkagePair]:
    """Pending pairs whose two persons the user may merge, a cluster's pairs together (strongest cluster
    first), each with `cluster_pairs`: how many pending pairs its cluster holds (three records of one
    person make a cluster of three pairs)."""
    pending = _pending_pairs(user)
    cluster = pending.filter(run=OuterRef("run"), cluster=OuterRef("cluster")).values("run", "cluster")
    return (
        pending.select_related("left__commune", "right__commune")
        .annotate(cluster_weight=Subquery(cluster.annotate(top=Max("match_weight")).values("top")[:1]),
                  cluster_pairs=Subquery(cluster.annotate(count=Count("pk")).values("count")[:1]))
        .order_by("-cluster_weight", "run", "cluster", "-match_weight")  # a cluster's pairs side by side
    )  # fmt: skip


def pair_get(user: User | AnonymousUser, pair_id: int) -> LinkagePair:
    """A pending pair the user may decide, or 404 whether it is missing, decided or out of scope."""
    return scope.one_or_404(_pending_pairs(user).select_related("left", "right"), pk=pair_id)


def last_run(user: User | AnonymousUser) -> LinkageRun | None:
    """The latest linkage run, for those who may start one (people.unmerge_person), else None."""
    if not user_scope(user).has_permission_somewhere("people.unmerge_person"):
        return None
    return LinkageRun.objects.first()


def _keeper_first(one: Person, other: Person) -> tuple[Person, Person]:
    """The record to keep first: the one registered at a center (it carries the pathway), else the older."""
    return (one, other) if (one.registered_at_id is None, one.created_at) <= (
        other.registered_at_id is None, other.created_at) else (other, one)  # fmt: skip


@transaction.atomic
def pair_decide(*, acting_user: User, pair: LinkagePair, same_person: bool) -> LinkagePair:
    """Merge the pair (reversibly, keeping the record registered at a center), or set them apart."""
    from jisr.people.services import person_merge

    pair = pair_get(acting_user, pair.pk)
    if same_person:
        keep, absorb = _keeper_first(pair.left, pair.right)
        person_merge(acting_user=acting_user, keep=keep, absorb=absorb,
                     reason=_("Record linkage: match weight %(weight).1f") % {"weight": pair.match_weight})  # fmt: skip
    decided = LinkagePair.objects.filter(pk=pair.pk, status=LinkagePair.Status.PENDING).update(
        status=LinkagePair.Status.MERGED if same_person else LinkagePair.Status.REJECTED,
        decided_by=acting_user, decided_at=timezone.now(),
    )  # fmt: skip
    if not decided:
        raise ValidationError(_("This pair was already decided."))
    pair.refresh_from_db()
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=pair, changes={"status": pair.status})
    return pair
