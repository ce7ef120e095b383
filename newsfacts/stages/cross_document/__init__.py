"""Cross-document steps: what only the whole corpus can tell, updated incrementally."""
