"""The editing state of open articles, kept outside the widgets that show it.

An :class:`~ui.session.article_session.ArticleSession` owns what must survive a
widget's whims: the dirty flag, the version the text is based on, autosave,
save, conflicts and the edit lock. The windows only mirror it; tests drive it
without any window at all.
"""
