-- The insights page reads the consultations that ended in the last days, and the admins'
-- CSV export those that ended in a date range, both by updated_at (the time an ended
-- consultation ended) across every owner: consultation_owner_updated leads with the
-- owner, so without this both would scan the whole table as it grows.
create index consultation_updated on consultation (updated_at);
