"""`jisr registry generate|import|mark-stalled|pmt-import|score`: synthetic registry files, importing them from the
command line, failing the imports whose worker died (cron), and the proxy-means test."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jisr.registry.models import ImportJob


class Command(BaseCommand):
    help = "The social registry: generate synthetic files, or import a file of households or of their members."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        generate = commands.add_parser("generate", help="write a realistic synthetic registry file (CSV or XLSX)")
        generate.add_argument("--households", type=int, required=True)
        generate.add_argument("--seed", type=int, default=1)
        generate.add_argument("--out", type=Path, required=True)
        generate.add_argument("--duplicates", type=float, default=0.02, help="share of repeated ids (0.02)")
        generate.add_argument("--errors", type=float, default=0.01, help="share of rows with an error (0.01)")
        generate.add_argument("--members", type=Path, default=None,
                              help="also write the members of these households to this file (CSV or XLSX)")  # fmt: skip
        pmt = commands.add_parser("pmt-import", help="import a new version of the proxy-means-test model (JSON)")
        pmt.add_argument("file", type=Path)
        score = commands.add_parser("score", help="score every household with a PMT model version (the latest)")
        score.add_argument("--version", type=int, default=None)
        load = commands.add_parser("import", help="import a CSV or XLSX file of households or of household members")
        load.add_argument("file", type=Path)
        load.add_argument("--kind", choices=ImportJob.Kind.values, default=ImportJob.Kind.HOUSEHOLDS,
                          help="what the file holds (default: households)")  # fmt: skip
        load.add_argument("--background", action="store_true", help="queue the import for a Celery worker")
        load.add_argument("--policy", choices=ImportJob.Policy.values, default=ImportJob.Policy.REFUSE,
                          help="what to do with what is already in the registry (default: refuse)")  # fmt: skip
        commands.add_parser("mark-stalled", help="mark failed the running imports whose worker stopped (cron)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "generate":
            from jisr.registry.synthetic import write_file

            started = time.perf_counter()
            try:
                rows, member_rows = write_file(options["out"], households=options["households"], seed=options["seed"],
                                               duplicates=options["duplicates"], errors=options["errors"],
                                               members=options["members"])  # fmt: skip
            except ValueError as error:
                raise CommandError(str(error)) from error
            written = f"{rows:,} rows written to {options['out']}"
            if options["members"]:
                written += f" and {member_rows:,} to {options['members']}"
            self.stdout.write(f"{written} in {time.perf_counter() - started:.1f} s")
            return
        if options["action"] in ("pmt-import", "score"):
            self._pmt(options)
            return
        if options["action"] == "mark-stalled":
            from jisr.registry.services import import_jobs_mark_stalled

            self.stdout.write(f"{import_jobs_mark_stalled()} stalled import(s) marked failed")
            return
        from jisr.registry.services import import_job_create, import_job_queue, import_job_run

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if options["background"]:
            queued = import_job_queue(acting_user=None, path=path.resolve(), file_name=path.name,
                                      policy=options["policy"], kind=options["kind"])  # fmt: skip
            self.stdout.write(f"import job {queued.pk} queued")
            return
        started = time.perf_counter()
        job = import_job_run(import_job_create(acting_user=None, path=path.resolve(), file_name=path.name,
                                               policy=options["policy"], kind=options["kind"]).pk)  # fmt: skip
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(job.message)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{job.rows_total:,} rows of {job.kind} ({job.encoding}) in {seconds:.1f} s "
            f"({job.rows_total / max(seconds, 0.001):,.0f} rows/s): {job.created:,} created, "
            f"{job.updated:,} updated, {job.unchanged:,} unchanged, {job.refused:,} refused (already registered), "
            f"{job.invalid:,} invalid — errors: {job.errors_path}"
        )

    def _pmt(self, options: dict[str, Any]) -> None:
        import json

        from django.core.exceptions import ValidationError

        from jisr.registry.models import PmtModel
        from jisr.registry.pmt import model_import, score_all, tidy_after_rescoring

        if options["action"] == "pmt-import":
            try:
                model = model_import(acting_user=None, definition=json.loads(options["file"].read_text("utf-8")))
            except (OSError, json.JSONDecodeError, ValidationError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                raise CommandError("\n".join(messages)) from error
            self.stdout.write(f"PMT model version {model.version} imported: {model.title}")
            return
        models = PmtModel.objects.order_by("-version")
        chosen = models.filter(version=options["version"]).first() if options["version"] else models.first()
        if chosen is None:
            raise CommandError("No such PMT model version: import one with `jisr registry pmt-import FILE`.")
        started = time.perf_counter()
        count = score_all(chosen)
        tidy_after_rescoring()
        seconds = time.perf_counter() - started
        self.stdout.write(f"{count:,} households scored with PMT v{chosen.version} in {seconds:.1f} s")
