"""Helpers that belong to one lesson: the measuring, counting and drawing its cells call.

A lesson's visible cells show the idea (a function, one call, an assert). What would otherwise
fill them (timers, tables, plots, pictures assembled from several graphs) lives here, one module
per lesson, tested like the rest of minigrad.

* :mod:`minigrad.lessons.modes`: lesson 04, reverse mode vs forward mode.
"""
