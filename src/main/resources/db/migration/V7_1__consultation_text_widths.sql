-- Title and external_ref take up to 200 characters (Unicode code points) at the API. H2
-- measures a varchar in UTF-16 units, two per character outside the Basic Multilingual
-- Plane (most emoji), so 101 to 200 such characters overflowed varchar(200) there;
-- PostgreSQL measures characters. 400 holds 200 characters on both; the API keeps the
-- limit.
alter table consultation alter column title set data type varchar(400);
alter table consultation alter column external_ref set data type varchar(400);
