"""The first-run wizard of a blank base."""
