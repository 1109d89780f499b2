"""The live side of working groups over Channels: consumer, fan-out hub, rate limiter, routing."""
