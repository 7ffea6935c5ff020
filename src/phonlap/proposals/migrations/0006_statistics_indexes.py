# The statistics' indexes, in a migration of their own: on PostgreSQL an index cannot be built
# in the transaction whose UPDATE (0005's fill) left deferred trigger events pending.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0005_statistics_figures'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(fields=['first_submitted_at'], name='proposal_first_submitted'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(condition=models.Q(('deleted_at__isnull', True), ('latest_revision_number__gte', 1)), fields=['fund', 'call', 'first_fiscal_year', 'status', 'current_stage'], include=('id', 'organisation', 'submitted_budget', 'submitted_target_groups'), name='proposal_statistics'),
        ),
    ]
