"""Dagster wiring: definitions, resources, the schedule and the seeds sensor."""
