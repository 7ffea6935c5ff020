"""``manage.py bench_data [--scale 1.0] [--seed 2570] [--flush]``: the reference dataset of spec 07
"Performance" (see ``phonlap.demo.bench_data``). Demo mode only: every account it creates shares
one published password."""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from phonlap.demo import bench_data
from phonlap.proposals.models import Proposal


class Command(BaseCommand):
    help = "Build the reference dataset for the benchmark, deterministically from a seed."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="1.0 = the spec's reference sizes (100,000 proposals).")
        parser.add_argument("--seed", type=int, default=bench_data.DEFAULT_SEED)
        parser.add_argument("--flush", action="store_true",
                            help="Remove existing users, organisations, proposals, reviews and "
                                 "monitoring data first.")
        parser.add_argument("--as-of", type=datetime.date.fromisoformat,
                            default=bench_data.AS_OF,
                            help="The day the data ends on (ISO date; default %(default)s).")

    def handle(self, *args, scale, seed, flush, as_of, **options):
        if not getattr(settings, "DEMO_MODE", False):
            raise CommandError("bench_data runs only in demo mode (settings.development): its "
                               "accounts share a published password.")
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        if flush:
            bench_data.flush()
        elif Proposal.objects.exists():
            raise CommandError("The database already holds proposals: run with --flush to "
                               "replace them with the reference dataset.")
        self.stdout.write(f"Building the reference dataset: scale {scale}, seed {seed}, as of "
                          f"{as_of}, on {connection.vendor} …")
        started = time.perf_counter()
        with transaction.atomic():
            report = bench_data.build(scale=scale, seed=seed, as_of=as_of)
        committed = time.perf_counter() - started
        bench_data.vacuum()
        vacuumed = time.perf_counter() - started
        width = max(len(label) for label in report.timings)
        self.stdout.write(f"  {'table':<{width}}  {'rows':>9}  {'seconds':>8}")
        for label, (rows, seconds) in report.timings.items():
            self.stdout.write(f"  {label:<{width}}  {rows:>9,}  {seconds:>8.2f}")
        phases = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in report.phases.items())
        self.stdout.write(f"  phases: {phases}")
        vacuum = f", vacuumed in {vacuumed:.1f} s" if connection.vendor == "postgresql" else ""
        self.stdout.write(self.style.SUCCESS(
            f"Built in {report.total:.1f} s, committed in {committed:.1f} s{vacuum}. Every "
            f"account's password is {bench_data.PASSWORD!r} "
            f"(staff: bench-staff-00001@{bench_data.EMAIL_DOMAIN})."))
