"""sheets-sync: keeps a commune's yearly plan honest.

The library reads the plan's shared sheet (an .xlsx workbook or a Google Sheet), works out
each task's due date and status, writes them back into the job-owned columns, and renders the
periodic reports that leadership reads.
"""

__version__ = "0.1.0"
