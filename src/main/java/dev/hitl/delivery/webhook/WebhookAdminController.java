package dev.hitl.delivery.webhook;

import dev.hitl.system.ServesApi;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.security.Reviewer;
import dev.hitl.system.ApiDocs;
import dev.hitl.system.ApiProblem;
import dev.hitl.workflow.ExternalTaskWorkers;
import dev.hitl.workflow.ProcessVariables;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admins send a failed webhook again, with the same {@code webhook-id}. */
@RestController
@ServesApi
@Tag(name = "Webhooks", description = "Admins resend a webhook whose retries ran out")
@SecurityRequirement(name = ApiDocs.BASIC)
class WebhookAdminController {

	private final ConsultationSnapshots consultations;

	private final ExternalTaskWorkers workers;

	private final ApplicationEventPublisher events;

	WebhookAdminController(ConsultationSnapshots consultations, ExternalTaskWorkers workers,
			ApplicationEventPublisher events) {
		this.consultations = consultations;
		this.workers = workers;
		this.events = events;
	}

	@Operation(summary = "Redeliver a failed webhook",
			description = "One more attempt with the same `webhook-id`; the incident is resolved, and raised again "
					+ "if that attempt fails too.")
	@ApiResponse(responseCode = "202", description = "Queued; the consultation's `callback.status` is `pending` again")
	@ApiResponse(responseCode = "404", description = "No such consultation")
	@ApiResponse(responseCode = "409", description = "No callback URL, or no failed delivery to resend")
	@PostMapping("/api/v1/consultations/{id}/redeliver")
	@Transactional
	ResponseEntity<JsonNode> redeliver(@PathVariable java.util.UUID id, @AuthenticationPrincipal Reviewer admin) {
		Snapshot consultation = this.consultations.find(id.toString())
			.orElseThrow(() -> ApiProblem.notFound("Consultation"));
		if (consultation.callbackUrl() == null) {
			throw ApiProblem.conflict("The consultation has no callback_url");
		}
		if (this.workers.retryFailed(consultation.processInstanceId(), ProcessVariables.TOPIC_DELIVER_WEBHOOK) == 0) {
			throw ApiProblem.conflict("The consultation has no failed webhook delivery");
		}
		this.consultations.markWebhookPending(consultation.id());
		this.events.publishEvent(new WebhookRedelivered(consultation.id(), admin.id()));
		return ResponseEntity.accepted().body(this.consultations.find(consultation.id()).orElseThrow().resource());
	}

}
