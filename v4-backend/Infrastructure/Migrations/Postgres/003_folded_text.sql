-- The city and search filters ignore case as the contract defines it (Unicode simple upper-case
-- mapping, see CaseFolding), which lower() does not do for non-ASCII text under the C locale. The
-- application keeps a folded copy of each filtered column; the filters compare folded text, and
-- the indexes move to the folded columns. Existing rows are filled by the step that runs after
-- this file (FoldedTextBackfill).
ALTER TABLE restaurants
    ADD COLUMN city_folded        text NOT NULL DEFAULT '',
    ADD COLUMN name_folded        text NOT NULL DEFAULT '',
    ADD COLUMN description_folded text;
-- Every write sets them; without a default, a write that forgot would fail rather than hide the row.
ALTER TABLE restaurants ALTER COLUMN city_folded DROP DEFAULT, ALTER COLUMN name_folded DROP DEFAULT;

DROP INDEX ix_restaurants_city;
DROP INDEX ix_restaurants_name_trgm;
DROP INDEX ix_restaurants_description_trgm;
CREATE INDEX ix_restaurants_city_folded ON restaurants (city_folded, id);
CREATE INDEX ix_restaurants_name_folded_trgm ON restaurants USING gin (name_folded gin_trgm_ops);
CREATE INDEX ix_restaurants_description_folded_trgm ON restaurants USING gin (description_folded gin_trgm_ops);
