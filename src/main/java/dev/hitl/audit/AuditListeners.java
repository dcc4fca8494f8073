package dev.hitl.audit;

import java.util.UUID;

import dev.hitl.consultation.ConsultationCancelled;
import dev.hitl.consultation.ConsultationClaimed;
import dev.hitl.consultation.ConsultationCreated;
import dev.hitl.consultation.ConsultationResponded;
import dev.hitl.consultation.ConsultationTimedOut;
import dev.hitl.consultation.ConsultationApproved;
import dev.hitl.consultation.ConsultationEscalated;
import dev.hitl.consultation.ConsultationUnclaimed;
import dev.hitl.delivery.webhook.WebhookDelivered;
import dev.hitl.delivery.webhook.WebhookFailed;
import dev.hitl.delivery.webhook.WebhookRedelivered;
import dev.hitl.apikey.ApiKeyCreated;
import dev.hitl.apikey.ApiKeyRevoked;
import dev.hitl.security.LoginFailed;
import dev.hitl.security.LoginSucceeded;
import dev.hitl.workflow.ReviewerDirectory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the modules' events into audit rows. The listeners are synchronous, so each row
 * joins the transaction the event was published in, and a failed insert rolls the change
 * back.
 */
@Component
class AuditListeners {

	private static final int MAX_ERROR = 500;

	private final AuditTrail trail;

	private final ReviewerDirectory directory;

	AuditListeners(AuditTrail trail, ReviewerDirectory directory) {
		this.trail = trail;
		this.directory = directory;
	}

	@EventListener
	void on(ConsultationCreated event) {
		this.trail.consultation(AuditActions.CONSULTATION_CREATED, event.consultationId(), Actor.agent(event.owner()),
				"api", "api_key_id", event.apiKeyId(), "process", event.process(), "process_instance_id",
				event.processInstanceId());
	}

	@EventListener
	void on(ConsultationClaimed event) {
		this.trail.consultation(AuditActions.CONSULTATION_CLAIMED, event.consultationId(), null, null, "assignee",
				event.assignee());
	}

	@EventListener
	void on(ConsultationUnclaimed event) {
		this.trail.consultation(AuditActions.CONSULTATION_UNCLAIMED, event.consultationId(), null, null,
				"previous_assignee", event.previousAssignee());
	}

	@EventListener
	void on(ConsultationResponded event) {
		this.trail.consultation(AuditActions.CONSULTATION_RESPONDED, event.consultationId(),
				Actor.user(event.respondedBy()), event.channel(), "decision", event.decision(), "choice",
				event.choice());
	}

	@EventListener
	void on(ConsultationTimedOut event) {
		this.trail.consultation(AuditActions.CONSULTATION_TIMED_OUT, event.consultationId(), Actor.SYSTEM, null);
	}

	@EventListener
	void on(ConsultationApproved event) {
		this.trail.consultation(AuditActions.CONSULTATION_APPROVED, event.consultationId(), Actor.user(event.user()),
				event.channel(), "decision", event.decision(), "approvals", event.approvals(), "approvals_required",
				event.approvalsRequired());
	}

	@EventListener
	void on(ConsultationEscalated event) {
		this.trail.consultation(AuditActions.CONSULTATION_ESCALATED, event.consultationId(), Actor.SYSTEM, null,
				"added_groups", event.addedGroups(), "added_users", event.addedUsers());
	}

	@EventListener
	void on(ConsultationCancelled event) {
		this.trail.consultation(AuditActions.CONSULTATION_CANCELLED, event.consultationId(),
				(event.cancelledBy() != null) ? Actor.agent(event.cancelledBy()) : null, null, "reason",
				event.reason());
	}

	@EventListener
	void on(WebhookDelivered event) {
		this.trail.consultation(AuditActions.WEBHOOK_DELIVERED, uuid(event.consultationId()), Actor.SYSTEM, "webhook",
				"webhook_id", event.webhookId(), "event_type", event.eventType(), "status", event.status());
	}

	@EventListener
	void on(WebhookFailed event) {
		this.trail.consultation(AuditActions.WEBHOOK_FAILED, uuid(event.consultationId()), Actor.SYSTEM, "webhook",
				"webhook_id", event.webhookId(), "event_type", event.eventType(), "error", cut(event.error()));
	}

	@EventListener
	void on(WebhookRedelivered event) {
		this.trail.consultation(AuditActions.WEBHOOK_REDELIVERED, uuid(event.consultationId()),
				Actor.user(event.requestedBy()), null);
	}

	@EventListener
	void on(ApiKeyCreated event) {
		this.trail.record(AuditActions.API_KEY_CREATED, Actor.user(event.createdBy()), AuditTrail.API_KEY,
				event.apiKeyId().toString(), null, null, "name", event.name(), "owner", event.owner());
	}

	@EventListener
	void on(ApiKeyRevoked event) {
		this.trail.record(AuditActions.API_KEY_REVOKED, Actor.user(event.revokedBy()), AuditTrail.API_KEY,
				event.apiKeyId().toString(), null, null, "owner", event.owner());
	}

	@EventListener
	void on(LoginSucceeded event) {
		this.trail.record(AuditActions.LOGIN_SUCCEEDED, Actor.user(event.userId()), AuditTrail.USER, event.userId(),
				null, event.method());
	}

	/**
	 * The name tried is recorded only when it is an account's: whatever else people type
	 * into a user name field (their password, an API key sent as {@code curl -u "$KEY:"})
	 * must not end up in the audit trail.
	 */
	@EventListener
	void on(LoginFailed event) {
		String name = (event.username() != null && !event.username().isBlank()
				&& this.directory.exists(event.username())) ? event.username() : null;
		this.trail.recordFrom(event.clientAddress(), AuditActions.LOGIN_FAILED, Actor.unauthenticated(name),
				AuditTrail.USER, name, null, event.method());
	}

	private static UUID uuid(String value) {
		try {
			return (value != null) ? UUID.fromString(value) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String cut(String value) {
		return (value == null || value.length() <= MAX_ERROR) ? value : value.substring(0, MAX_ERROR);
	}

}
