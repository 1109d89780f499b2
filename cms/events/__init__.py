"""Event registration: tickets, capacity, waiting list, Join from the fediverse."""
