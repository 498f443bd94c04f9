"""Text handling shared by the editor, the CLI and the website export.

Slugs, dates, word diffs and HTML sanitising live here, apart from storage and
the GUI, so that every path that turns an editor's text into something public
obeys the same rules and can be tested without a database or a window.
"""
