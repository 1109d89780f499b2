"""The task workers: lanes for other apps' tasks, and recovery of tasks whose worker died."""
