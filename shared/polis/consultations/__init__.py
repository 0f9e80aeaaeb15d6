"""Public consultations, quick polls and the strategy's indicator rounds.

The municipality authors a consultation (``model``, ``questions``, ``eligibility``), an
administrator approves it, and its lifecycle runs as a Step Functions execution
(``infra/statemachines/consultation.asl.json``, tasks in ``tasks``). Citizens take part once each
(``participation``); results are aggregated with small groups suppressed (``tally``).
"""
