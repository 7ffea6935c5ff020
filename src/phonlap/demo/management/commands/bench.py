"""``manage.py bench``: the spec 07 benchmark against the reference dataset (see
``phonlap.demo.benchmark``). Run with ``DJANGO_SETTINGS_MODULE=phonlap.settings.bench`` and
``DATABASE_URL`` naming the PostgreSQL database ``bench_data`` filled (``make bench``)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from phonlap.demo import benchmark


class Command(BaseCommand):
    help = "Measure pages, API lists, export, PDF and calculations against the reference dataset."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--warmup", type=int, default=3)
        parser.add_argument("--only", default="", help="measure only pages whose name contains this")
        parser.add_argument("--json", default="bench/out/results.json")
        parser.add_argument("--no-pdf", action="store_true")
        parser.add_argument("--no-export", action="store_true")

    def handle(self, *args, **options):
        report = benchmark.run(warmup=options["warmup"], runs=options["runs"],
                               only=options["only"], with_pdf=not options["no_pdf"],
                               with_export=not options["no_export"])
        self.stdout.write(benchmark.table(report))
        if options["json"]:
            Path(options["json"]).parent.mkdir(parents=True, exist_ok=True)
            benchmark.write_json(report, options["json"])
            self.stdout.write(f"\nWritten to {options['json']}")
