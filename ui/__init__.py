"""The PySide6 desktop app: thin models, widgets and dialogs over ``newsroom`` services.

Nothing here runs SQL itself: widgets hand work to :mod:`ui.tasks`, which calls
the services with a unit of work on a background thread.
"""
