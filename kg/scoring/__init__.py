"""Scoring extraction against hand annotations: one package for `kg eval` and the PolNeAR benchmark.

- `measures`: what both score with: word tokens and their longest matching blocks, character
  positions of spans, ratios and precision/recall/F1 counts.
- `gold`: the kg-gold/1 format of ../shared/gold (the seeds and the Guardian development set).
- `system`: what a build says, read from its RDF graph (graph.ttl or graph.nt).
- `kg_gold`: the rules of ../shared/gold/README.md, per category, and `evaluate` (kg eval).
- `report`: `kg eval`'s table and error listing, as text.
- `polnear`: the PolNeAR attributions (.ann files) and how statements are scored against them
  (bench/polnear.py runs it).
"""
