package dev.hitl.consultation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.consultation.Consultation.Response;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fixed week of consultations with known outcomes: 40 reviews that ended between
 * 2026-11-17 and 2026-11-23 (UTC) on two processes, answered by rita, sam and tom or
 * timed out, plus rows the figures must leave out (cancelled, pending, ended before the
 * window). Process {@code consultation} is reviewed by group {@code reviewers}, process
 * {@code refund-review} by group {@code refunds}.
 */
final class SeededWeek {

	static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");

	static final Instant WINDOW_START = Instant.parse("2026-11-17T00:00:00Z");

	static final String GENERAL = "consultation";

	static final String REFUNDS = "refund-review";

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	private final List<Row> rows = new ArrayList<>();

	private SeededWeek(JdbcTemplate jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	static void seed(JdbcTemplate jdbc, ObjectMapper json) {
		SeededWeek week = new SeededWeek(jdbc, json);
		week.general();
		week.refunds();
		week.leftOut();
		week.insert();
	}

	private void general() {
		int[] rita = { 10, 20, 30, 40, 50, 60, 70, 80 };
		for (int i = 0; i < rita.length; i++) {
			answered(GENERAL, "approval", (i < 6) ? "approved" : "rejected", "rita", rita[i], rita[i] == 80);
		}
		int[] sam = { 5, 15, 25, 35, 45, 55 };
		for (int i = 0; i < sam.length; i++) {
			answered(GENERAL, "approval", (i < 3) ? "approved" : "rejected", "sam", sam[i], false);
		}
		for (int minutes : new int[] { 100, 110, 120, 130 }) {
			answered(GENERAL, "choice", null, "tom", minutes, minutes == 130);
		}
		timedOut(GENERAL, "rejected", 240, false);
		timedOut(GENERAL, "rejected", 480, true);
		timedOut(GENERAL, null, 240, false);
		timedOut(GENERAL, null, 240, false);
		timedOut(GENERAL, null, 240, false);
		timedOut(GENERAL, null, 480, true);
	}

	private void refunds() {
		for (int minutes : new int[] { 12, 24, 36, 48 }) {
			answered(REFUNDS, "approval", "approved", "rita", minutes, false);
		}
		answered(REFUNDS, "text", null, "sam", 90, false);
		answered(REFUNDS, "text", null, "sam", 150, false);
		int[] tom = { 60, 120, 180, 240 };
		for (int i = 0; i < tom.length; i++) {
			answered(REFUNDS, "approval", (i == 0) ? "approved" : "rejected", "tom", tom[i], tom[i] >= 180);
		}
		for (int i = 0; i < 3; i++) {
			timedOut(REFUNDS, "approved", 60, false);
		}
		timedOut(REFUNDS, null, 60, false);
		timedOut(REFUNDS, null, 60, false);
		timedOut(REFUNDS, null, 120, true);
	}

	/** Cancelled, still pending, or ended a second before the window. */
	private void leftOut() {
		Instant ended = WINDOW_START.plus(Duration.ofHours(30));
		this.rows.add(new Row(GENERAL, "approval", "cancelled", null, ended.minusSeconds(600), ended, false));
		this.rows.add(new Row(REFUNDS, "approval", "cancelled", null, ended.minusSeconds(900), ended, false));
		this.rows
			.add(new Row(GENERAL, "approval", "pending", null, NOW.minusSeconds(600), NOW.minusSeconds(600), false));
		this.rows.add(new Row(REFUNDS, "approval", "pending", null, NOW.minusSeconds(60), NOW.minusSeconds(60), false));
		Instant before = WINDOW_START.minusSeconds(1);
		this.rows.add(new Row(GENERAL, "approval", "responded",
				response("approved", null, "rita", before, "portal", "reviewer"), before.minusSeconds(60), before,
				false));
	}

	private void answered(String process, String type, String decision, String reviewer, int minutes,
			boolean escalated) {
		Instant ended = nextEnd();
		this.rows.add(new Row(process, type, "responded",
				response(decision, "choice".equals(type) ? "a" : null, reviewer, ended, "portal", "reviewer"),
				ended.minus(Duration.ofMinutes(minutes)), ended, escalated));
	}

	private void timedOut(String process, String decision, int minutes, boolean escalated) {
		Instant ended = nextEnd();
		Response response = (decision != null) ? response(decision, null, null, ended, null, "timeout") : null;
		this.rows.add(new Row(process, "approval", "timed_out", response, ended.minus(Duration.ofMinutes(minutes)),
				ended, escalated));
	}

	/** Spread over the seven days of the window, each at its own minute. */
	private Instant nextEnd() {
		int n = this.rows.size();
		return WINDOW_START.plus(Duration.ofDays(n % 7)).plus(Duration.ofHours(9)).plus(Duration.ofMinutes(n));
	}

	private static Response response(String decision, String choice, String reviewer, Instant at, String channel,
			String decidedBy) {
		return new Response(decision, choice, null, null, reviewer, at, channel, decidedBy, List.of());
	}

	private void insert() {
		for (Row row : this.rows) {
			UUID id = UUID.randomUUID();
			Instant escalatedAt = row.escalated()
					? row.createdAt().plus(Duration.between(row.createdAt(), row.endedAt()).dividedBy(2)) : null;
			this.jdbc.update("insert into consultation (id, owner, state, title, response_type, priority, "
					+ "process_key, timeout, reviewers_json, created_at, updated_at, expires_at, response_json, "
					+ "callback_status, escalated_at) values (?, 'billing', ?, ?, ?, 'normal', ?, 'PT4H', ?, ?, ?, ?, "
					+ "?, 'none', ?)", id, row.state(), "Seeded " + row.process(), row.type(), row.process(),
					"{\"groups\":[\"" + group(row) + "\"],\"users\":[]}", ts(row.createdAt()), ts(row.endedAt()),
					ts(row.createdAt().plus(Duration.ofHours(4))), write(row.response()), ts(escalatedAt));
			this.jdbc.update("insert into consultation_reviewer (consultation_id, kind, name) values (?, 'group', ?)",
					id, group(row));
		}
	}

	private static String group(Row row) {
		return GENERAL.equals(row.process()) ? "reviewers" : "refunds";
	}

	private String write(Response response) {
		try {
			return (response != null) ? this.json.writeValueAsString(response) : null;
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private record Row(String process, String type, String state, Response response, Instant createdAt, Instant endedAt,
			boolean escalated) {
	}

}
