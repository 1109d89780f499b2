"""The network in figures: yearly data collection from members, aggregates, map and charts."""
