-- Schema of the v4 directory (SQLite, the embedded default). Timestamps are ISO 8601 text in UTC.
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'user')),
    created_at  TEXT NOT NULL
);

CREATE TABLE restaurants (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL,
    address           TEXT    NOT NULL,
    city              TEXT    NOT NULL,
    kosher_category   TEXT    NOT NULL CHECK (kosher_category IN ('meat', 'dairy', 'pareve')),
    certifying_agency TEXT,
    phone             TEXT,
    website           TEXT,
    price_range       INTEGER NOT NULL CHECK (price_range BETWEEN 1 AND 4),
    latitude          REAL,
    longitude         REAL,
    description       TEXT,
    review_count      INTEGER NOT NULL DEFAULT 0,
    rating_sum        INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);

CREATE INDEX ix_restaurants_city ON restaurants (lower(city), id);
CREATE INDEX ix_restaurants_category ON restaurants (kosher_category, id);

CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    restaurant_id INTEGER NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    title         TEXT,
    content       TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);

CREATE INDEX ix_reviews_restaurant_created ON reviews (restaurant_id, created_at DESC, id DESC);
CREATE INDEX ix_reviews_created ON reviews (created_at DESC, id DESC);
