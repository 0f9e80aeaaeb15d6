"""A municipality's service request categories."""

from __future__ import annotations

from polis.requests.categories import Category
from polis.requests.errors import CategoryNotFound
from polis.store.items import CategoryItem
from polis.store.keys import partition
from polis.store.table import bind


def _pk(municipality: str) -> str:
    return partition(municipality, "CATEGORY")


def put_category(municipality: str, category: Category) -> None:
    bind()
    CategoryItem(
        pk=_pk(municipality), sk=category.code, municipality=municipality, category=category.model_dump_json()
    ).save()


def get_category(municipality: str, code: str) -> Category:
    bind()
    try:
        return Category.model_validate_json(CategoryItem.get(_pk(municipality), code).category)
    except CategoryItem.DoesNotExist:
        raise CategoryNotFound(code) from None


def list_categories(municipality: str) -> list[Category]:
    """By code."""
    bind()
    return [Category.model_validate_json(item.category) for item in CategoryItem.query(_pk(municipality))]
