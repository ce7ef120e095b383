"""Per-document stages: each turns one article (and its upstream rows) into rows.

One module per stage, importing only what that stage runs, so that a stage's
cache version (see ``newsfacts.stages.declarations``) changes exactly when
its own code or reference data does.
"""
