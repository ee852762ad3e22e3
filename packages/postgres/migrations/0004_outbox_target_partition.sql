-- An outbox row is one readings.changes record holding the deltas of every region-hour its batch
-- sends to one partition; the row names that partition, so that whichever relay sends it puts it
-- there. Rows staged before this column existed hold one region-hour each and go where their key hashes.
ALTER TABLE delta_outbox ADD COLUMN target_partition integer;

-- Deltas are written once and read back only when a relay failed: json keeps the text as written,
-- where jsonb would convert every batch's deltas to its binary form for nothing.
ALTER TABLE delta_outbox ALTER COLUMN deltas TYPE json USING deltas::json;
