"""An extension point for the review app, which sits above proposals in the layering: it tells
the proposal list where each proposal stands at each stage of its fund's pipeline. The review
app registers its provider when it loads (``ReviewConfig.ready``); without one the list shows
no badges."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ListBadge:
    stage: str  # the stage's name in the reader's language
    text: str  # the badge in words (no colour-only meaning)
    state: str  # a CSS hook
    url: str | None = None  # the stage's details, for those who may open them


_provider: Callable[[list, object], dict[int, list[ListBadge]]] | None = None


def register_stage_badges(provider: Callable[[list, object], dict[int, list[ListBadge]]]) -> None:
    global _provider
    _provider = provider


def stage_badges_for(proposals: Iterable, user) -> dict[int, list[ListBadge]]:
    """{proposal pk: badges in stage order} for one page of proposals."""
    proposals = list(proposals)
    if _provider is None or not proposals:
        return {}
    return _provider(proposals, user)
