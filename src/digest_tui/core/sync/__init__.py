"""Sync through a shared folder: each machine appends its own journal of events there and
reads the others' (events.py: the events and their clock; journal.py: the files;
syncer.py: one sync). The database never lives in the folder."""
