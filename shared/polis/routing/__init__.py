"""Waste-collection route optimisation.

- ``problem`` / ``travel``: the solver-neutral model and its travel matrices;
- ``solver.solve``: one call for every engine (``ortools_engine``, ``pyvrp_engine``, the
  ``portfolio`` of both, and the ``fallback`` construction), each returning a ``plan.RoutePlan``;
- ``forecast`` / ``selection``: from bin sensor readings to the day's stops;
- ``vrplib``: CVRPLIB benchmark instances.
"""
