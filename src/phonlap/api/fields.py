"""Related fields that never turn a NUL character into a server error.

PostgreSQL refuses NUL in text, so a lookup such as ``Subdistrict.objects.get(pk="\\x002…")``
raises ``DataError`` (a 500) where SQLite simply finds nothing. DRF catches only
``ObjectDoesNotExist``/``TypeError``/``ValueError`` here; these fields answer "no such object"
before asking the database."""

from rest_framework import serializers


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", pk_value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class SlugRelatedField(serializers.SlugRelatedField):
    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)
