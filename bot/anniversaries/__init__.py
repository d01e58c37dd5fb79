"""Release anniversaries ("on this day") and the daily post's schedule. No Discord imports."""
