"""The network feed: posts of followed actors stored sanitised (`store`), and shown in the
visitor's language (`present`).

`store_activity` is what the worker runs for each Create, Update, Delete, Announce and Undo that
the inbox accepted; `feed_listing` is what the NetworkFeedPage shows; `remote_events` is what a
site's event listing merges when its editors tick "include followed events".
"""

from .present import ShownPost, feed_listing, present_post, remote_events, visible_posts
from .store import followed, followed_group, store_activity, store_remote_activity, upsert

__all__ = [
    "ShownPost",
    "feed_listing",
    "followed",
    "followed_group",
    "present_post",
    "remote_events",
    "store_activity",
    "store_remote_activity",
    "upsert",
    "visible_posts",
]
