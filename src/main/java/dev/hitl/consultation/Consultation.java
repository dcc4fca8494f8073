package dev.hitl.consultation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** The consultation resource of the REST API (ARCHITECTURE section 4). */
public record Consultation(UUID id, String state, String title, String description, String responseType,
		List<Option> options, JsonNode context, String priority, String externalRef, String process,
		Reviewers reviewers, String assignee, Instant createdAt, Instant updatedAt, Instant expiresAt,
		Response response, Callback callback, String requestedBy, OnTimeout onTimeout, List<String> reminders,
		int approvalsRequired, Instant escalatedAt, @JsonIgnore String owner, @JsonIgnore UUID apiKeyId,
		@JsonIgnore String processInstanceId, @JsonIgnore long version) {

	public static final String PENDING = "pending";

	@JsonIgnore
	public boolean isPending() {
		return PENDING.equals(this.state);
	}

	/**
	 * The user gave one of the approvals so far: the next approval must come from someone
	 * else (the engine refuses it on every channel; pages use this to say so first).
	 */
	public boolean approvedBy(String userId) {
		return this.response != null && this.response.approvals() != null
				&& this.response.approvals()
					.stream()
					.anyMatch((approval) -> userId.equals(approval.user()) && "approved".equals(approval.decision()));
	}

	/**
	 * Changes with every update, so agents can poll with {@code If-None-Match}. Weak
	 * ({@code W/"..."}): the same consultation may go out gzip-encoded or not, and the
	 * servlet container compresses no response with a strong ETag.
	 */
	@JsonIgnore
	public String etag() {
		return "W/\"" + this.id + "-" + this.version + "\"";
	}

	public record Option(String value, String label) {
	}

	public record Reviewers(List<String> groups, List<String> users) {
	}

	/**
	 * @param decidedBy {@code reviewer} or {@code timeout}; null while approvals are
	 * still being collected
	 * @param approvals each reviewer's approval or rejection, as it came
	 */
	public record Response(String decision, String choice, String text, String comment, String respondedBy,
			Instant respondedAt, String channel, String decidedBy, List<Approval> approvals) {
	}

	public record Approval(String user, String decision, String comment, Instant at, String channel) {
	}

	/**
	 * What the review's deadline does: {@code expire}, {@code decide} (with decision or
	 * choice) or {@code escalate} (reviewers, timeout, optionally decision or choice).
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record OnTimeout(String action, String decision, String choice, Reviewers reviewers, String timeout) {

		public static final OnTimeout EXPIRE = new OnTimeout("expire", null, null, null, null);

	}

	public record Callback(String url, String status, int attempts, String lastError) {
	}

}
