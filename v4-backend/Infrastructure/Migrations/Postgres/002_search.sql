-- Substring search on name and description (lower(x) LIKE '%term%') uses trigram indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX ix_restaurants_name_trgm ON restaurants USING gin (lower(name) gin_trgm_ops);
CREATE INDEX ix_restaurants_description_trgm ON restaurants USING gin (lower(description) gin_trgm_ops);
