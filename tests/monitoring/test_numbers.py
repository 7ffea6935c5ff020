"""Numbers typed or sent to monitoring (results, targets, amounts): a clear message for anything
that is not a plain amount, never an error."""

from decimal import Decimal

import pytest

from phonlap.core.exceptions import ValidationFailed
from phonlap.monitoring import domain


@pytest.mark.parametrize("text", ["1e999", "-1e999", "9" * 40, "1e-999", "abc", "NaN", "Infinity",
                                  "12.345", "-1"])
def test_anything_but_a_plain_amount_gets_a_message(text):
    with pytest.raises(ValidationFailed) as refused:
        domain.parse_decimal(text, field="value")
    assert refused.value.field == "value"


@pytest.mark.parametrize(("text", "value"), [("1,234.5", Decimal("1234.50")), (" 7 ", Decimal("7.00")),
                                             (3, Decimal("3.00")), ("", None), (None, None)])
def test_plain_amounts_read_as_decimals(text, value):
    assert domain.parse_decimal(text, field="value") == value
