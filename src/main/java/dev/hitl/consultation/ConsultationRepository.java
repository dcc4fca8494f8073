package dev.hitl.consultation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.hitl.consultation.Consultation.Callback;
import dev.hitl.consultation.Consultation.Option;
import dev.hitl.consultation.Consultation.Response;
import dev.hitl.consultation.Consultation.Reviewers;
import dev.hitl.system.PageRequest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Plain SQL on the {@code consultation} tables; the same statements run on H2 and
 * PostgreSQL. Every change of state or assignee stamps {@code updated_at} from
 * {@link #now()}, the clock differential polling relies on.
 */
@Repository
class ConsultationRepository {

	static final String COLUMNS = "c.id, c.owner, c.api_key_id, c.state, c.title, c.description, "
			+ "c.response_type, c.options_json, c.context_json, c.priority, c.external_ref, c.process_key, "
			+ "c.process_instance_id, c.assignee, c.reviewers_json, c.created_at, c.updated_at, c.expires_at, "
			+ "c.response_json, c.callback_url, c.callback_status, c.callback_attempts, c.callback_last_error, c.requested_by, "
			+ "c.on_timeout_json, c.reminders_json, c.approvals_required, c.escalated_at, c.approvals_json, c.version";

	private static final String NEWEST_FIRST = " order by c.created_at desc, c.id desc";

	private static final String OLDEST_CHANGE_FIRST = " order by c.updated_at, c.id";

	private static final TypeReference<List<Option>> OPTIONS = new TypeReference<>() {
	};

	static final TypeReference<List<Consultation.Approval>> APPROVALS = new TypeReference<>() {
	};

	private static final TypeReference<List<String>> REMINDERS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	/**
	 * Stored JSON is read leniently: during a rolling upgrade a newer node may already
	 * have written fields this one does not know. The API's own mapper stays strict.
	 */
	private final ObjectReader stored;

	private final ChangeClock changes;

	private final ConsultationSignals signals;

	ConsultationRepository(JdbcTemplate jdbc, ObjectMapper json, ChangeClock changes, ConsultationSignals signals) {
		this.jdbc = jdbc;
		this.signals = signals;
		this.json = json;
		this.stored = json.reader()
			.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
					DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
		this.changes = changes;
	}

	/**
	 * The time of a change made in the current transaction, on the database's clock: what
	 * {@code at} of {@link #insert}, {@link #finish} and {@link #assign} must be.
	 */
	Instant now() {
		return this.changes.now();
	}

	/** Before this instant every change has committed or rolled back; read it first. */
	Instant settled() {
		return this.changes.settled();
	}

	/** {@code c.updatedAt()} comes from {@link #now()}. */
	void insert(Consultation c, String timeout) {
		this.jdbc.update("insert into consultation (id, owner, api_key_id, state, title, description, response_type, "
				+ "options_json, context_json, priority, external_ref, process_key, timeout, reviewers_json, created_at, "
				+ "updated_at, expires_at, callback_url, callback_status, callback_attempts, requested_by, "
				+ "on_timeout_json, reminders_json, approvals_required, version) "
				+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0)", c.id(),
				c.owner(), c.apiKeyId(), c.state(), c.title(), c.description(), c.responseType(), write(c.options()),
				write(c.context()), c.priority(), c.externalRef(), c.process(), timeout, write(c.reviewers()),
				ts(c.createdAt()), ts(c.updatedAt()), ts(c.expiresAt()), c.callback().url(), c.callback().status(),
				c.requestedBy(), write(c.onTimeout()), write(c.reminders()), c.approvalsRequired());
		insertReviewers(c.id(), c.reviewers());
	}

	private void insertReviewers(UUID id, Reviewers added) {
		List<Object[]> reviewers = new ArrayList<>();
		added.groups().forEach((group) -> reviewers.add(new Object[] { id, "group", group }));
		added.users().forEach((user) -> reviewers.add(new Object[] { id, "user", user }));
		this.jdbc.batchUpdate("insert into consultation_reviewer (consultation_id, kind, name) values (?, ?, ?)",
				reviewers);
	}

	/**
	 * Records one approval (or the rejection that ends the review) while the consultation
	 * stays pending; the next review task starts unclaimed.
	 * @param at from {@link #now()}
	 * @return false when the consultation was no longer pending
	 */
	boolean recordApproval(Consultation c, List<Consultation.Approval> approvals, Instant at) {
		return this.jdbc.update(
				"update consultation set approvals_json = ?, assignee = null, updated_at = ?, version = version + 1 "
						+ "where id = ? and state = 'pending'",
				write(approvals), ts(at), c.id()) > 0;
	}

	/**
	 * The review escalated: the reviewers become those of both stages, the deadline is
	 * the escalated stage's.
	 * @param at from {@link #now()}
	 * @return false when the consultation was no longer pending
	 */
	boolean escalate(Consultation c, Reviewers all, Reviewers added, Instant expiresAt, Instant at) {
		boolean escalated = this.jdbc.update(
				"update consultation set reviewers_json = ?, expires_at = ?, escalated_at = ?, updated_at = ?, "
						+ "version = version + 1 where id = ? and state = 'pending' and escalated_at is null",
				write(all), ts(expiresAt), ts(at), ts(at), c.id()) > 0;
		if (escalated) {
			insertReviewers(c.id(), added);
		}
		return escalated;
	}

	void setProcessInstance(UUID id, String processInstanceId) {
		this.jdbc.update("update consultation set process_instance_id = ? where id = ?", processInstanceId, id);
	}

	Optional<Consultation> findById(UUID id) {
		return first(this.jdbc.query("select " + COLUMNS + " from consultation c where c.id = ?", this::map, id));
	}

	Optional<Consultation> findByOwner(UUID id, String owner) {
		return first(this.jdbc.query("select " + COLUMNS + " from consultation c where c.id = ? and c.owner = ?",
				this::map, id, owner));
	}

	/**
	 * The owner's consultations changed at or after {@code filter.updatedAfter()} and
	 * before {@code before}, oldest change first.
	 */
	List<Consultation> findChanges(String owner, ConsultationFilter filter, Instant before, int limit) {
		Where where = changesWhere(owner, filter, before);
		where.args.add(limit);
		return this.jdbc.query(
				"select " + COLUMNS + " from consultation c" + where.sql + OLDEST_CHANGE_FIRST + " limit ?", this::map,
				where.args.toArray());
	}

	long countChanges(String owner, ConsultationFilter filter, Instant before) {
		Where where = changesWhere(owner, filter, before);
		return this.jdbc.queryForObject("select count(*) from consultation c" + where.sql, Long.class,
				where.args.toArray());
	}

	/** The owner's consultations whose last change was at exactly this instant. */
	List<Consultation> findChangedAt(String owner, ConsultationFilter filter, Instant at) {
		Where where = ownerWhere(owner, filter);
		where.and("c.updated_at = ?", ts(at));
		return this.jdbc.query("select " + COLUMNS + " from consultation c" + where.sql + OLDEST_CHANGE_FIRST,
				this::map, where.args.toArray());
	}

	List<Consultation> findByOwner(String owner, ConsultationFilter filter, PageRequest page) {
		Where where = ownerWhere(owner, filter);
		where.args.add(page.pageSize());
		where.args.add(page.offset());
		return this.jdbc.query(
				"select " + COLUMNS + " from consultation c" + where.sql + NEWEST_FIRST + " limit ? offset ?",
				this::map, where.args.toArray());
	}

	long countByOwner(String owner, ConsultationFilter filter) {
		Where where = ownerWhere(owner, filter);
		return this.jdbc.queryForObject("select count(*) from consultation c" + where.sql, Long.class,
				where.args.toArray());
	}

	List<Consultation> findReviewable(String userId, List<String> groups, String state, PageRequest page) {
		Where where = reviewerWhere(userId, groups, state);
		where.args.add(page.pageSize());
		where.args.add(page.offset());
		return this.jdbc.query("select " + COLUMNS + " from consultation c" + where.sql
				+ " order by case c.priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end, "
				+ "c.created_at desc, c.id desc limit ? offset ?", this::map, where.args.toArray());
	}

	long countReviewable(String userId, List<String> groups, String state) {
		Where where = reviewerWhere(userId, groups, state);
		return this.jdbc.queryForObject("select count(*) from consultation c" + where.sql, Long.class,
				where.args.toArray());
	}

	boolean isReviewer(UUID id, String userId, List<String> groups) {
		Where where = new Where();
		where.and("c.id = ?", id);
		reviewerClause(where, userId, groups);
		return this.jdbc.queryForObject("select count(*) from consultation c" + where.sql, Long.class,
				where.args.toArray()) > 0;
	}

	/**
	 * @param at from {@link #now()}
	 * @return false when the consultation was no longer pending
	 */
	boolean finish(UUID id, String state, Response response, Instant at) {
		String respondedBy = (response != null) ? response.respondedBy() : null;
		return changed(id,
				this.jdbc.update(
						"update consultation set state = ?, response_json = ?, assignee = coalesce(?, assignee), "
								+ "updated_at = ?, version = version + 1 where id = ? and state = 'pending'",
						state, write(response), respondedBy, ts(at), id));
	}

	/**
	 * Delivery bookkeeping changes the resource (and so its ETag) but not
	 * {@code updated_at}, which stays the time of the last state change a webhook
	 * reports: a poller following {@code updated_after} is not sent the consultation
	 * again for each attempt. Only the process that now delivers for the consultation may
	 * record, and only a success ends a {@code failed}: a late attempt of a delivery that
	 * was deleted meanwhile changes nothing (an admin's redelivery sets it pending
	 * first).
	 */
	void recordWebhookAttempt(UUID id, String processInstanceId, String status, String lastError) {
		changed(id, this.jdbc.update(
				"update consultation set callback_attempts = callback_attempts + 1, callback_status = ?, "
						+ "callback_last_error = ?, version = version + 1 where id = ? and process_instance_id = ? "
						+ "and (callback_status <> 'failed' or ? = 'delivered')",
				status, truncate(lastError), id, processInstanceId, status));
	}

	void markWebhookPending(UUID id) {
		changed(id, this.jdbc
			.update("update consultation set callback_status = 'pending', version = version + 1 where id = ?", id));
	}

	/**
	 * The delivery that was under way ended without a result, e.g. deleted in Cockpit.
	 */
	void markWebhookFailed(UUID id, String lastError) {
		changed(id,
				this.jdbc.update(
						"update consultation set callback_status = 'failed', callback_last_error = ?, "
								+ "version = version + 1 where id = ? and callback_status = 'pending'",
						truncate(lastError), id));
	}

	/**
	 * Tells this node's waiters after commit (other nodes hear of it from the database).
	 * Every statement that bumps {@code version} goes through here.
	 */
	private boolean changed(UUID id, int rows) {
		if (rows > 0) {
			this.signals.changed(id);
		}
		return rows > 0;
	}

	/** At most 1,000 characters, never cutting a character in two. */
	static String truncate(String value) {
		if (value == null || value.length() <= 1000) {
			return value;
		}
		int end = Character.isHighSurrogate(value.charAt(999)) ? 999 : 1000;
		return value.substring(0, end);
	}

	/** Pending consultations per priority, for the open-consultations gauge. */
	java.util.Map<String, Long> countPendingByPriority() {
		java.util.Map<String, Long> counts = new java.util.HashMap<>();
		this.jdbc.query(
				"select priority, count(*) as pending from consultation where state = 'pending' " + "group by priority",
				(rs) -> {
					counts.put(rs.getString("priority"), rs.getLong("pending"));
				});
		return counts;
	}

	/**
	 * @param at from {@link #now()}
	 */
	void assign(UUID id, String assignee, Instant at) {
		changed(id, this.jdbc.update("update consultation set assignee = ?, updated_at = ?, version = version + 1 "
				+ "where id = ? and state = 'pending'", assignee, ts(at), id));
	}

	private Where ownerWhere(String owner, ConsultationFilter filter) {
		Where where = new Where();
		where.and("c.owner = ?", owner);
		if (filter.state() != null) {
			where.and("c.state = ?", filter.state());
		}
		if (filter.priority() != null) {
			where.and("c.priority = ?", filter.priority());
		}
		if (filter.externalRef() != null) {
			where.and("c.external_ref = ?", filter.externalRef());
		}
		return where;
	}

	private Where changesWhere(String owner, ConsultationFilter filter, Instant before) {
		Where where = ownerWhere(owner, filter);
		where.and("c.updated_at >= ?", ts(filter.updatedAfter()));
		where.and("c.updated_at < ?", ts(before));
		return where;
	}

	private Where reviewerWhere(String userId, List<String> groups, String state) {
		Where where = new Where();
		if (state != null) {
			where.and("c.state = ?", state);
		}
		reviewerClause(where, userId, groups);
		return where;
	}

	static void reviewerClause(Where where, String userId, List<String> groups) {
		StringBuilder clause = new StringBuilder(
				"exists (select 1 from consultation_reviewer r where r.consultation_id = c.id and "
						+ "((r.kind = 'user' and r.name = ?)");
		where.args.add(userId);
		if (!groups.isEmpty()) {
			clause.append(" or (r.kind = 'group' and r.name in (")
				.append(String.join(", ", java.util.Collections.nCopies(groups.size(), "?")))
				.append("))");
			where.args.addAll(groups);
		}
		clause.append("))");
		where.and(clause.toString());
	}

	Consultation map(ResultSet rs, int row) throws SQLException {
		String callbackUrl = rs.getString("callback_url");
		return new Consultation(rs.getObject("id", UUID.class), rs.getString("state"), rs.getString("title"),
				rs.getString("description"), rs.getString("response_type"), read(rs.getString("options_json"), OPTIONS),
				read(rs.getString("context_json"), JsonNode.class), rs.getString("priority"),
				rs.getString("external_ref"), rs.getString("process_key"),
				read(rs.getString("reviewers_json"), Reviewers.class), rs.getString("assignee"),
				instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "expires_at"),
				storedResponse(rs.getString("response_json"), rs.getString("approvals_json")),
				new Callback(callbackUrl, rs.getString("callback_status"), rs.getInt("callback_attempts"),
						rs.getString("callback_last_error")),
				rs.getString("requested_by"), read(rs.getString("on_timeout_json"), Consultation.OnTimeout.class),
				reminders(rs.getString("reminders_json")), rs.getInt("approvals_required"), instant(rs, "escalated_at"),
				rs.getString("owner"), rs.getObject("api_key_id", UUID.class), rs.getString("process_instance_id"),
				rs.getLong("version"));
	}

	/**
	 * A stored {@code response_json} (and {@code approvals_json}) as the resource shows
	 * it.
	 */
	Response storedResponse(String responseJson, String approvalsJson) {
		return response(read(responseJson, Response.class), read(approvalsJson, APPROVALS));
	}

	/**
	 * While approvals are being collected there is no outcome yet, but the approvals show
	 * as {@code response.approvals}.
	 */
	private static Response response(Response stored, List<Consultation.Approval> approvals) {
		if (stored != null || approvals == null || approvals.isEmpty()) {
			return stored;
		}
		return new Response(null, null, null, null, null, null, null, null, approvals);
	}

	private List<String> reminders(String value) {
		List<String> reminders = read(value, REMINDERS);
		return (reminders != null) ? reminders : List.of();
	}

	private String write(Object value) {
		if (value == null) {
			return null;
		}
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), ex);
		}
	}

	private <T> T read(String value, Class<T> type) {
		try {
			return (value != null) ? this.stored.forType(type).readValue(value) : null;
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored JSON is unreadable", ex);
		}
	}

	private <T> T read(String value, TypeReference<T> type) {
		try {
			return (value != null) ? this.stored.forType(type).readValue(value) : null;
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored JSON is unreadable", ex);
		}
	}

	static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	private static <T> Optional<T> first(List<T> found) {
		return found.stream().findFirst();
	}

	static final class Where {

		final StringBuilder sql = new StringBuilder();

		final List<Object> args = new ArrayList<>();

		void and(String condition, Object... values) {
			this.sql.append(this.sql.isEmpty() ? " where " : " and ").append(condition);
			this.args.addAll(List.of(values));
		}

	}

}
