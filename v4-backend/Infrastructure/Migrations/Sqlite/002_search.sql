-- SQLite has no trigram index; substring search scans the (small) table. Kept as a numbered step
-- so both providers share one migration history.
SELECT 1;
