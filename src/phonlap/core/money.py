"""Money in Thai baht (pure: no Django). Always ``Decimal`` with 2 places, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_DIGITS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACES = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")


def to_money(value: Decimal | int | str) -> Decimal:
    """Quantise to satang, half up. Floats are refused: they have already lost precision."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    try:
        return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


def format_baht(value: Decimal | int) -> str:
    """``1,234,567.50``."""
    return f"{to_money(value):,.2f}"


def _read_below_million(n: int) -> str:
    """Thai words for 0 < n < 1,000,000 (the caller handles ล้าน)."""
    words = []
    digits = str(n)
    length = len(digits)
    for i, ch in enumerate(digits):
        d = int(ch)
        place = length - i - 1
        if d == 0:
            continue
        if place == 1 and d == 1:
            words.append("สิบ")
        elif place == 1 and d == 2:
            words.append("ยี่สิบ")
        elif place == 0 and d == 1 and length > 1:
            words.append("เอ็ด")
        else:
            words.append(_DIGITS[d] + _PLACES[place])
    return "".join(words)


def read_number_th(n: int) -> str:
    """Thai words for a whole number ≥ 0: 21 → ยี่สิบเอ็ด, 1,000,001 → หนึ่งล้านเอ็ด."""
    if n < 0:
        raise ValueError("negative numbers have no reading here")
    if n == 0:
        return _DIGITS[0]
    millions, rest = divmod(n, 1_000_000)
    text = ""
    if millions:
        text = read_number_th(millions) + "ล้าน"
        if rest:
            # After ล้าน a lone 1 in the units place still reads เอ็ด (หนึ่งล้านเอ็ด).
            text += "เอ็ด" if rest == 1 else _read_below_million(rest)
        return text
    return _read_below_million(rest)


def baht_text(value: Decimal | int | str) -> str:
    """The amount in Thai words as printed forms write it: ``หนึ่งร้อยบาทถ้วน``."""
    amount = to_money(value)
    if amount < 0:
        return "ลบ" + baht_text(-amount)
    baht, satang = divmod(int(amount * 100), 100)
    if satang == 0:
        return read_number_th(baht) + "บาทถ้วน"
    satang_words = read_number_th(satang) + "สตางค์"
    if baht == 0:
        return satang_words
    return read_number_th(baht) + "บาท" + satang_words
