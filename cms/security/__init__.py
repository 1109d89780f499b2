"""Who may get in: sign-in throttling, two-step verification, the Content-Security-Policy and the
WebSocket origin check. Each module is small and configured from cms.settings."""
