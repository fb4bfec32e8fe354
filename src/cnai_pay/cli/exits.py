"""The command's exit statuses: 0 success, 1 a failure (a file, closed output), 2 usage or data errors.

A module of their own: the app's start reads one of them without importing argparse.
"""

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
