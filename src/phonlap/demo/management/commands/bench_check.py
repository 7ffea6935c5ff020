"""``manage.py bench_check``: count the rows that break an invariant the domain enforces (one SQL
query each, see ``phonlap.demo.bench_checks``); exit status 1 if any does."""

import time

from django.core.management.base import BaseCommand, CommandError

from phonlap.demo import bench_checks


class Command(BaseCommand):
    help = "Check the data against the invariants the domain functions enforce."

    def handle(self, *args, **options):
        started = time.perf_counter()
        results = bench_checks.run()
        broken = 0
        for name, count in results:
            mark = "ok  " if count == 0 else "FAIL"
            self.stdout.write(f"  {mark} {count:>8,}  {name}")
            broken += count
        seconds = time.perf_counter() - started
        if broken:
            raise CommandError(f"{broken:,} violations in "
                               f"{sum(1 for _n, c in results if c)} of {len(results)} invariants.",
                               returncode=1)
        self.stdout.write(self.style.SUCCESS(
            f"All {len(results)} invariants hold ({seconds:.1f} s)."))
