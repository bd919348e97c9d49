"""Where the plan lives: the local .xlsx workbook, or (later) the Google Sheet and Drive folder.

Both implement ``base.Backend``; jobs never know which one they talk to.
"""
