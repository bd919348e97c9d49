"""Scheduled jobs: each module composes library functions into one unit of work.

* ``jobs.flag``   — daily: due dates, statuses and notes into the ``Nhiệm vụ`` tab.
* ``jobs.report`` — after each period closes: the period's report into the output folder.

Every job reads once, computes with pure functions, writes once, and leaves a ``Nhật ký`` row.
The jobs import only the library (``sheets_sync``); the library finds them through the
``sheets_sync.jobs`` entry points of ``pyproject.toml`` and never imports this package by name.
What a job module holds, and how to add one: ``sheets_sync.job``.
"""
