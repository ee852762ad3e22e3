-- The schema registry keeps its schemas in PostgreSQL, so their ids survive a restart.
CREATE DATABASE registry OWNER thermostream;
