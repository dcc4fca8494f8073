package dev.hitl.consultation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
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

import org.springframework.stereotype.Component;

/**
 * One row of the {@code consultation} table as a {@link Consultation}, and back: the
 * columns every read selects, the row mapper, and the JSON columns' encoding. Shared by
 * the repository, the reviewer-facing search and the export, so none reads another's
 * internals.
 */
@Component
class ConsultationRows {

	static final String COLUMNS = "c.id, c.owner, c.api_key_id, c.state, c.title, c.description, "
			+ "c.response_type, c.options_json, c.context_json, c.priority, c.external_ref, c.process_key, "
			+ "c.process_instance_id, c.assignee, c.reviewers_json, c.created_at, c.updated_at, c.expires_at, "
			+ "c.response_json, c.callback_url, c.callback_status, c.callback_attempts, c.callback_last_error, c.requested_by, "
			+ "c.on_timeout_json, c.reminders_json, c.approvals_required, c.escalated_at, c.approvals_json, c.version";

	private static final TypeReference<List<Option>> OPTIONS = new TypeReference<>() {
	};

	static final TypeReference<List<Consultation.Approval>> APPROVALS = new TypeReference<>() {
	};

	private static final TypeReference<List<String>> REMINDERS = new TypeReference<>() {
	};

	private final ObjectMapper json;

	/**
	 * Stored JSON is read leniently: during a rolling upgrade a newer node may already
	 * have written fields this one does not know. The API's own mapper stays strict.
	 */
	private final ObjectReader stored;

	ConsultationRows(ObjectMapper json) {
		this.json = json;
		this.stored = json.reader()
			.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
					DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
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

	String write(Object value) {
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

}
