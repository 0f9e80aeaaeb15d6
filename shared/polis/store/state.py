"""Latest-state access: each asset's newest state in its domain."""

from __future__ import annotations

from pynamodb.exceptions import PutError

from polis.codecs.base import Quantity
from polis.state import AssetState
from polis.store.items import StateItem
from polis.store.keys import partition
from polis.store.table import bind


def _pk(municipality: str, domain: str) -> str:
    return partition(municipality, "STATE", domain)


def _to_item(state: AssetState) -> StateItem:
    return StateItem(
        pk=_pk(state.municipality, state.domain),
        sk=state.asset_id,
        municipality=state.municipality,
        domain=state.domain,
        asset_id=state.asset_id,
        dev_eui=state.dev_eui,
        observed_at=state.observed_at,
        values={name: q.model_dump() for name, q in state.values.items()},
        status=state.status,
    )


def _from_item(item: StateItem) -> AssetState:
    return AssetState(
        municipality=item.municipality,
        domain=item.domain,
        asset_id=item.asset_id,
        dev_eui=item.dev_eui,
        observed_at=item.observed_at,
        values={name: Quantity(**q) for name, q in item.values.as_dict().items()},
        status=item.status,
    )


def get_state(municipality: str, domain: str, asset_id: str) -> AssetState | None:
    bind()
    try:
        # Consistent: the state is read to compute the next one, so it must be the stored one.
        return _from_item(StateItem.get(_pk(municipality, domain), asset_id, consistent_read=True))
    except StateItem.DoesNotExist:
        return None


def list_states(municipality: str, domain: str) -> list[AssetState]:
    bind()
    return [_from_item(i) for i in StateItem.query(_pk(municipality, domain))]


def save_state_if_newer(state: AssetState, previous: AssetState | None) -> bool:
    """Store ``state``, computed from ``previous``, if newer and if nothing replaced ``previous`` meanwhile.

    False when the stored state is no longer ``previous``: a newer reading got there first (this
    one is out of order) or a concurrent one did (the caller recomputes from what is stored now).
    """
    bind()
    if previous is None:
        condition = StateItem.pk.does_not_exist()
    else:
        condition = (StateItem.observed_at == previous.observed_at) & (
            StateItem.observed_at < state.observed_at
        )
    try:
        _to_item(state).save(condition=condition)
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
