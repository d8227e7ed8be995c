"""CalDAV sync: the mapping call <-> VEVENT, the per-call state, the three-way merge and the
caldav client calls. `run_sync` (in engine.py) is the one entry point."""
