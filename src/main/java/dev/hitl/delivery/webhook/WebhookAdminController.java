package dev.hitl.delivery.webhook;

import dev.hitl.system.NotOnWorkerNodes;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.security.Reviewer;
import dev.hitl.system.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admins send a failed webhook again, with the same {@code webhook-id}. */
@RestController
@NotOnWorkerNodes
@Tag(name = "Webhooks", description = "Admins resend a webhook whose retries ran out")
@SecurityRequirement(name = ApiDocs.BASIC)
class WebhookAdminController {

	private final WebhookRedelivery redelivery;

	WebhookAdminController(WebhookRedelivery redelivery) {
		this.redelivery = redelivery;
	}

	@Operation(summary = "Redeliver a failed webhook",
			description = "One more attempt with the same `webhook-id`; the incident is resolved, and raised again "
					+ "if that attempt fails too.")
	@ApiResponse(responseCode = "202", description = "Queued; the consultation's `callback.status` is `pending` again")
	@ApiResponse(responseCode = "404", description = "No such consultation")
	@ApiResponse(responseCode = "409", description = "No callback URL, or no failed delivery to resend")
	@PostMapping("/api/v1/consultations/{id}/redeliver")
	ResponseEntity<JsonNode> redeliver(@PathVariable java.util.UUID id, @AuthenticationPrincipal Reviewer admin) {
		return ResponseEntity.accepted().body(this.redelivery.redeliver(id, admin.id()));
	}

}
