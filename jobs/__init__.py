"""Scheduled jobs: each module composes library functions into one unit of work.

* ``jobs.flag``   — daily: due dates, statuses and notes into the ``Nhiệm vụ`` tab.
* ``jobs.report`` — after each period closes: the period's report into the output folder.

Every job reads once, computes with pure functions, writes once, and leaves a ``Nhật ký`` row.
"""


class JobFailed(Exception):
    """The job could not run; the message says why and what to fix."""
