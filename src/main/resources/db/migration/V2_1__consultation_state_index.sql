-- The open-consultations gauge counts pending consultations by priority on every scrape;
-- this keeps that count off a full scan as finished consultations accumulate.
create index consultation_state_priority on consultation (state, priority);
