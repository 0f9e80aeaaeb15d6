"""Sets as the API receives them: a JSON array of unique items, where a repeat is refused.

pydantic would merge a repeated item silently, so a client that sent a district twice would never
learn its list was not what it meant; and JSON Schema's ``uniqueItems`` says a repeat is invalid.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator

T = TypeVar("T")


def _each_once(values: Any) -> Any:
    # The set is made here because strict validation (the API's) takes no list for a frozenset.
    if isinstance(values, list | tuple):
        try:
            unique = frozenset(values)
        except TypeError:  # unhashable items: the set's own validation refuses them
            return values
        if len(unique) != len(values):
            raise ValueError("each item once: the list repeats an item")
        return unique
    return values


UniqueSet = Annotated[frozenset[T], BeforeValidator(_each_once)]
