"""Load every Thai province, district and subdistrict (with postcodes) from ``geothai``.

Bulk inserts in three statements' worth of batches, so a fresh database gets ~8,400 rows in
well under a second. Re-running is harmless (existing codes are skipped)."""

from django.db import migrations


def load_areas(apps, schema_editor):
    import geothai

    Province = apps.get_model("organisations", "Province")
    District = apps.get_model("organisations", "District")
    Subdistrict = apps.get_model("organisations", "Subdistrict")
    db = schema_editor.connection.alias

    provinces = geothai.provinces()
    Province.objects.using(db).bulk_create(
        [Province(code=p.code, name_th=p.name_th, name_en=p.name_en) for p in provinces],
        batch_size=500, ignore_conflicts=True,
    )
    districts = [d for p in provinces for d in geothai.districts(p.code)]
    District.objects.using(db).bulk_create(
        [District(code=d.code, province_id=d.province_code, name_th=d.name_th, name_en=d.name_en)
         for d in districts],
        batch_size=500, ignore_conflicts=True,
    )
    Subdistrict.objects.using(db).bulk_create(
        [
            Subdistrict(code=s.code, district_id=s.district_code, name_th=s.name_th,
                        name_en=s.name_en, postcodes=" ".join(s.postal_codes))
            for d in districts
            for s in geothai.subdistricts(d.code)
        ],
        batch_size=500, ignore_conflicts=True,
    )


def unload_areas(apps, schema_editor):
    db = schema_editor.connection.alias
    for name in ("Subdistrict", "District", "Province"):
        apps.get_model("organisations", name).objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(load_areas, unload_areas, elidable=False)]
