"""The pipeline's stages in one place.

- ``declarations``: every stage and asset declared once (reads, writes, code,
  reference files), from which cache versions and Dagster dependencies derive;
- ``per_document/``: one module per per-document stage, and ``document_map``
  with ``executor`` and ``store``: the parallel, cached map over documents;
- ``cross_document/``: the steps that need the whole corpus, updated
  incrementally;
- ``publish``: the lock, the staging version and the atomic switch;
- ``build``: one run through all of them (``Build``, ``run_all``).

Kept free of imports so that a stage's version covers only its own code.
"""
