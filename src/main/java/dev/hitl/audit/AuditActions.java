package dev.hitl.audit;

import java.util.List;

/** The actions the trail records, as {@code action} shows them. */
final class AuditActions {

	static final String CONSULTATION_CREATED = "consultation.created";

	static final String CONSULTATION_CLAIMED = "consultation.claimed";

	static final String CONSULTATION_UNCLAIMED = "consultation.unclaimed";

	static final String CONSULTATION_RESPONDED = "consultation.responded";

	static final String CONSULTATION_TIMED_OUT = "consultation.timed_out";

	static final String CONSULTATION_APPROVED = "consultation.approved";

	static final String CONSULTATION_ESCALATED = "consultation.escalated";

	static final String CONSULTATION_CANCELLED = "consultation.cancelled";

	static final String WEBHOOK_DELIVERED = "webhook.delivered";

	static final String WEBHOOK_FAILED = "webhook.failed";

	static final String WEBHOOK_REDELIVERED = "webhook.redelivered";

	static final String API_KEY_CREATED = "api_key.created";

	static final String API_KEY_REVOKED = "api_key.revoked";

	static final String LOGIN_SUCCEEDED = "login.succeeded";

	static final String LOGIN_FAILED = "login.failed";

	static final List<String> ALL = List.of(CONSULTATION_CREATED, CONSULTATION_CLAIMED, CONSULTATION_UNCLAIMED,
			CONSULTATION_RESPONDED, CONSULTATION_TIMED_OUT, CONSULTATION_APPROVED, CONSULTATION_ESCALATED,
			CONSULTATION_CANCELLED, WEBHOOK_DELIVERED, WEBHOOK_FAILED, WEBHOOK_REDELIVERED, API_KEY_CREATED,
			API_KEY_REVOKED, LOGIN_SUCCEEDED, LOGIN_FAILED);

	private AuditActions() {
	}

}
