package dev.hitl.review;

import dev.hitl.system.ServesApi;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.consultation.Answer;
import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.ConsultationManagement;
import dev.hitl.consultation.ConsultationStates;
import dev.hitl.security.Reviewer;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The reviewer-facing API (HTTP Basic with the reviewer's Tasklist account). */
@RestController
@ServesApi
class ReviewController {

	private static final java.util.Set<String> ANSWER_FIELDS = java.util.Set.of("decision", "choice", "text",
			"comment");

	private final ConsultationManagement consultations;

	private final ReviewActions actions;

	ReviewController(ConsultationManagement consultations, ReviewActions actions) {
		this.consultations = consultations;
		this.actions = actions;
	}

	@GetMapping("/api/v1/review/consultations")
	PageResponse<Consultation> actionable(@AuthenticationPrincipal Reviewer reviewer,
			@RequestParam(required = false) String state, @RequestParam(required = false) String page,
			@RequestParam(name = "page_size", required = false) String pageSize) {
		String wanted = (state == null || state.isEmpty()) ? Consultation.PENDING : state;
		if (!ConsultationStates.ALL.contains(wanted)) {
			throw new InvalidRequestException("state",
					"must be one of " + ConsultationStates.ALL.stream().sorted().toList());
		}
		return this.consultations.reviewable(reviewer.id(), reviewer.groups(), wanted, PageRequest.of(page, pageSize));
	}

	@PostMapping("/api/v1/consultations/{id}/claim")
	Consultation claim(@AuthenticationPrincipal Reviewer reviewer, @PathVariable UUID id) {
		return this.actions.claim(reviewer, id);
	}

	@PostMapping("/api/v1/consultations/{id}/unclaim")
	Consultation unclaim(@AuthenticationPrincipal Reviewer reviewer, @PathVariable UUID id) {
		return this.actions.unclaim(reviewer, id);
	}

	@PostMapping("/api/v1/consultations/{id}/respond")
	Consultation respond(@AuthenticationPrincipal Reviewer reviewer, @PathVariable UUID id,
			@RequestBody JsonNode body) {
		return this.actions.respond(reviewer, id, answer(body), "api");
	}

	private static Answer answer(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new InvalidRequestException("body", "must be a JSON object");
		}
		body.fieldNames().forEachRemaining((name) -> {
			if (!ANSWER_FIELDS.contains(name)) {
				throw new InvalidRequestException(name, "is not a known field");
			}
		});
		return new Answer(text(body, "decision"), text(body, "choice"), text(body, "text"), text(body, "comment"));
	}

	private static String text(JsonNode body, String field) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isTextual()) {
			throw new InvalidRequestException(field, "must be a string");
		}
		return value.asText();
	}

}
