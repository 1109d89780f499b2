"""Ids as clients send them: a row id is a non-negative integer that fits a database column."""

# The largest value of a 64-bit signed integer column (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


def parse_id(value, default=None):
    """An id from a frame or a form: an int or a string of digits within a column's range.

    Anything else (a bool, a float such as Infinity, a negative or 24-digit number, text) is
    `default`: a lookup with it would raise OverflowError in the database driver, or quietly
    match row 1 (True).
    """
    if isinstance(value, bool):
        return default
    if isinstance(value, str):
        value = value.strip()
        if not (value.isascii() and value.isdigit() and len(value) <= 19):
            return default
        value = int(value)
    if not isinstance(value, int) or not 0 <= value <= MAX_ID:
        return default
    return value
