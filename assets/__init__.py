"""Dagster assets: thin wrappers that call the ``newsfacts`` core stages."""
