package dev.hitl.delivery.webhook;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.system.ApiProblem;
import dev.hitl.workflow.ExternalTaskWorkers;
import dev.hitl.workflow.ProcessVariables;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends a failed webhook again, with the same {@code webhook-id}: one more attempt, then
 * the usual retries; the incident is resolved. For the admin API and the portal.
 */
@Service
public class WebhookRedelivery {

	private final ConsultationSnapshots consultations;

	private final ExternalTaskWorkers workers;

	private final ApplicationEventPublisher events;

	WebhookRedelivery(ConsultationSnapshots consultations, ExternalTaskWorkers workers,
			ApplicationEventPublisher events) {
		this.consultations = consultations;
		this.workers = workers;
		this.events = events;
	}

	/**
	 * @return the consultation resource, its {@code callback.status} pending again
	 * @throws ApiProblem 404 for an unknown consultation, 409 when it has no callback URL
	 * or no failed delivery
	 */
	@Transactional
	public JsonNode redeliver(UUID consultationId, String requestedBy) {
		Snapshot consultation = this.consultations.find(consultationId.toString())
			.orElseThrow(() -> ApiProblem.notFound("Consultation"));
		if (consultation.callbackUrl() == null) {
			throw ApiProblem.conflict("The consultation has no callback_url");
		}
		if (this.workers.retryFailed(consultation.processInstanceId(), ProcessVariables.TOPIC_DELIVER_WEBHOOK) == 0) {
			throw ApiProblem.conflict("The consultation has no failed webhook delivery");
		}
		this.consultations.markWebhookPending(consultation.id());
		this.events.publishEvent(new WebhookRedelivered(consultation.id(), requestedBy));
		return this.consultations.find(consultation.id()).orElseThrow().resource();
	}

}
