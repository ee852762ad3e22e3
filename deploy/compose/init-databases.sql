-- The schema registry keeps its schemas in PostgreSQL, so their ids survive a restart.
CREATE DATABASE registry OWNER thermostream;

-- Read-only role for analysts: the migrations grant it SELECT on what analysts query, and nothing else.
CREATE ROLE thermostream_analyst LOGIN PASSWORD 'analyst';
