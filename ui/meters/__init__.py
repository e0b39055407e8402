"""The meter card and the list of a premise's meters."""
