"""The rate limiter of chat actions: a token bucket per person, kind of action and process."""

import time


class TokenBucket:
    """Allow `burst` actions at once, refilled at `rate` per second."""

    def __init__(self, burst, rate):
        self.burst, self.rate = float(burst), float(rate)
        self.tokens, self.updated = float(burst), time.monotonic()

    def take(self):
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


# Per person and per process: every tab of one person in this process shares one bucket.
_BUCKETS = {}


def bucket_for(key, burst, rate):
    """The bucket of `key` (person, kind), new when the limits changed."""
    bucket = _BUCKETS.get(key)
    if bucket is None or bucket.burst != burst or bucket.rate != rate:
        bucket = _BUCKETS[key] = TokenBucket(burst, rate)
    return bucket
