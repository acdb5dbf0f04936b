-- Working-day calendars uploaded by an admin (the State Council's arrangement of a year, in the format of the shipped
-- config/calendar/CN-YYYY.yaml files): kept here so that every node uses them and they survive restarts. A year here
-- wins over the shipped file of that year. An upload replaces the year's row; every upload is in the audit log
-- (calendar.upload, with the file's SHA-256).
CREATE TABLE calendar_years (
  year         int PRIMARY KEY CHECK (year BETWEEN 1900 AND 2200),
  file_name    text,
  content      text NOT NULL,
  sha256       text NOT NULL,
  uploaded_by  bigint REFERENCES users (id),
  uploaded_at  timestamptz NOT NULL
);
