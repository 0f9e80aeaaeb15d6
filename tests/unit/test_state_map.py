"""The domains the API's paths admit are exactly the domains the state map knows."""

from typing import get_args

from polis.state_map import DOMAIN_KINDS, OPEN_DOMAINS, StateDomain


def test_the_path_types_name_every_mapped_domain_and_no_other():
    assert set(get_args(StateDomain)) == set(DOMAIN_KINDS)
    assert set(DOMAIN_KINDS) >= OPEN_DOMAINS
