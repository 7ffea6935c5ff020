import datetime

import factory

from phonlap.funds.models import Call, Fund


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"fund-{n}")
    name_th = factory.Sequence(lambda n: f"กองทุนทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test fund {n}")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    fund = factory.SubFactory(FundFactory)
    name_th = factory.Sequence(lambda n: f"รอบที่ {n}")
    name_en = factory.Sequence(lambda n: f"Round {n}")
    opens_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=20))
