"""Entity mentions in a document (``extract``) and entities across documents (``resolve``).

Import the submodules directly: the per-document mention stage must not load
the cross-document resolution, so that editing one does not invalidate the
other's cached rows.
"""
