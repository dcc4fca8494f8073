package dev.hitl.consultation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.hitl.consultation.Consultation.Response;
import dev.hitl.consultation.Consultation.Reviewers;
import dev.hitl.system.PageRequest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import static dev.hitl.consultation.ConsultationRows.ts;

/**
 * Plain SQL on the {@code consultation} tables; the same statements run on H2 and
 * PostgreSQL. Every change of state or assignee stamps {@code updated_at} from
 * {@link #now()}, the clock differential polling relies on.
 */
@Repository
class ConsultationRepository {

	private static final String NEWEST_FIRST = " order by c.created_at desc, c.id desc";

	private static final String OLDEST_CHANGE_FIRST = " order by c.updated_at, c.id";

	private final JdbcTemplate jdbc;

	private final ConsultationRows rows;

	private final ChangeClock changes;

	private final ConsultationSignals signals;

	ConsultationRepository(JdbcTemplate jdbc, ConsultationRows rows, ChangeClock changes, ConsultationSignals signals) {
		this.jdbc = jdbc;
		this.rows = rows;
		this.signals = signals;
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
				c.owner(), c.apiKeyId(), c.state(), c.title(), c.description(), c.responseType(),
				this.rows.write(c.options()), this.rows.write(c.context()), c.priority(), c.externalRef(), c.process(),
				timeout, this.rows.write(c.reviewers()), ts(c.createdAt()), ts(c.updatedAt()), ts(c.expiresAt()),
				c.callback().url(), c.callback().status(), c.requestedBy(), this.rows.write(c.onTimeout()),
				this.rows.write(c.reminders()), c.approvalsRequired());
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
				this.rows.write(approvals), ts(at), c.id()) > 0;
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
				this.rows.write(all), ts(expiresAt), ts(at), ts(at), c.id()) > 0;
		if (escalated) {
			insertReviewers(c.id(), added);
		}
		return escalated;
	}

	void setProcessInstance(UUID id, String processInstanceId) {
		this.jdbc.update("update consultation set process_instance_id = ? where id = ?", processInstanceId, id);
	}

	Optional<Consultation> findById(UUID id) {
		return first(this.jdbc.query("select " + ConsultationRows.COLUMNS + " from consultation c where c.id = ?",
				this.rows::map, id));
	}

	Optional<Consultation> findByOwner(UUID id, String owner) {
		return first(this.jdbc.query(
				"select " + ConsultationRows.COLUMNS + " from consultation c where c.id = ? and c.owner = ?",
				this.rows::map, id, owner));
	}

	/**
	 * The owner's consultations changed at or after {@code filter.updatedAfter()} and
	 * before {@code before}, oldest change first.
	 */
	List<Consultation> findChanges(String owner, ConsultationFilter filter, Instant before, int limit) {
		ConsultationWhere where = changesWhere(owner, filter, before);
		where.args.add(limit);
		return this.jdbc.query("select " + ConsultationRows.COLUMNS + " from consultation c" + where.sql
				+ OLDEST_CHANGE_FIRST + " limit ?", this.rows::map, where.args.toArray());
	}

	long countChanges(String owner, ConsultationFilter filter, Instant before) {
		ConsultationWhere where = changesWhere(owner, filter, before);
		return this.jdbc.queryForObject("select count(*) from consultation c" + where.sql, Long.class,
				where.args.toArray());
	}

	/** The owner's consultations whose last change was at exactly this instant. */
	List<Consultation> findChangedAt(String owner, ConsultationFilter filter, Instant at) {
		ConsultationWhere where = ownerWhere(owner, filter);
		where.and("c.updated_at = ?", ts(at));
		return this.jdbc.query(
				"select " + ConsultationRows.COLUMNS + " from consultation c" + where.sql + OLDEST_CHANGE_FIRST,
				this.rows::map, where.args.toArray());
	}

	List<Consultation> findByOwner(String owner, ConsultationFilter filter, PageRequest page) {
		ConsultationWhere where = ownerWhere(owner, filter);
		where.args.add(page.pageSize());
		where.args.add(page.offset());
		return this.jdbc.query("select " + ConsultationRows.COLUMNS + " from consultation c" + where.sql + NEWEST_FIRST
				+ " limit ? offset ?", this.rows::map, where.args.toArray());
	}

	long countByOwner(String owner, ConsultationFilter filter) {
		ConsultationWhere where = ownerWhere(owner, filter);
		return this.jdbc.queryForObject("select count(*) from consultation c" + where.sql, Long.class,
				where.args.toArray());
	}

	List<Consultation> findReviewable(String userId, List<String> groups, String state, PageRequest page) {
		ConsultationWhere where = reviewerWhere(userId, groups, state);
		where.args.add(page.pageSize());
		where.args.add(page.offset());
		return this.jdbc.query("select " + ConsultationRows.COLUMNS + " from consultation c" + where.sql
				+ " order by case c.priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end, "
				+ "c.created_at desc, c.id desc limit ? offset ?", this.rows::map, where.args.toArray());
	}

	long countReviewable(String userId, List<String> groups, String state) {
		ConsultationWhere where = reviewerWhere(userId, groups, state);
		return this.jdbc.queryForObject("select count(*) from consultation c" + where.sql, Long.class,
				where.args.toArray());
	}

	boolean isReviewer(UUID id, String userId, List<String> groups) {
		ConsultationWhere where = new ConsultationWhere();
		where.and("c.id = ?", id);
		where.reviewer(userId, groups);
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
						state, this.rows.write(response), respondedBy, ts(at), id));
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

	private ConsultationWhere ownerWhere(String owner, ConsultationFilter filter) {
		ConsultationWhere where = new ConsultationWhere();
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

	private ConsultationWhere changesWhere(String owner, ConsultationFilter filter, Instant before) {
		ConsultationWhere where = ownerWhere(owner, filter);
		where.and("c.updated_at >= ?", ts(filter.updatedAfter()));
		where.and("c.updated_at < ?", ts(before));
		return where;
	}

	private ConsultationWhere reviewerWhere(String userId, List<String> groups, String state) {
		ConsultationWhere where = new ConsultationWhere();
		if (state != null) {
			where.and("c.state = ?", state);
		}
		where.reviewer(userId, groups);
		return where;
	}

	private static <T> Optional<T> first(List<T> found) {
		return found.stream().findFirst();
	}

}
