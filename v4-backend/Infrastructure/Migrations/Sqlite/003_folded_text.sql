-- The city and search filters ignore case as the contract defines it (Unicode simple upper-case
-- mapping, see CaseFolding), which SQLite's lower() and LIKE do for ASCII letters only. The
-- application keeps a folded copy of each filtered column; the filters compare folded text. Existing
-- rows are filled by the step that runs after this file (FoldedTextBackfill). SQLite cannot drop
-- a column default, so the NOT NULL columns keep an empty default.
ALTER TABLE restaurants ADD COLUMN city_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE restaurants ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE restaurants ADD COLUMN description_folded TEXT;

DROP INDEX ix_restaurants_city;
CREATE INDEX ix_restaurants_city_folded ON restaurants (city_folded, id);
