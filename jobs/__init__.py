"""Scheduled jobs: each module composes library functions into one unit of work.

* ``jobs.flag``   — daily: due dates, statuses and notes into the ``Nhiệm vụ`` tab.
* ``jobs.report`` — after each period closes: the period's report into the output folder.
* ``jobs.rollup`` — after each period closes, on a config with a ``[rollup]`` table: the summary
  across a folder's plans, as a report and the summary sheet's tabs.

``flag`` and ``report`` read their plan once, compute with pure functions, write once, and leave
a ``Nhật ký`` row. ``rollup`` reads each plan of the folder once, publishes its reports, then
makes one read and one batch of writes of the summary sheet, its ``Nhật ký`` row included (read
and written again if someone moved rows meanwhile).
The jobs import only the library (``sheets_sync``); the library finds them through the
``sheets_sync.jobs`` entry points of ``pyproject.toml`` and never imports this package by name.
What a job module holds, and how to add one: ``sheets_sync.job``.
"""
