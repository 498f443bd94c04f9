"""Persistence: typed models, the engine factory, the unit of work and migrations."""
