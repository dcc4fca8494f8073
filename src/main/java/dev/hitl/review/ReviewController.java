package dev.hitl.review;

import dev.hitl.system.NotOnWorkerNodes;
import java.util.Objects;
import java.util.UUID;

import dev.hitl.consultation.Answer;
import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.ConsultationManagement;
import dev.hitl.consultation.ConsultationStates;
import dev.hitl.security.Reviewer;
import dev.hitl.system.ApiDocs;
import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;
import dev.hitl.system.web.Params;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The reviewer-facing API (HTTP Basic with the reviewer's Tasklist account). */
@RestController
@NotOnWorkerNodes
@Tag(name = "Review", description = "Reviewers claim and answer consultations (their Tasklist account or OIDC)")
@SecurityRequirement(name = ApiDocs.BASIC)
@SecurityRequirement(name = ApiDocs.OIDC)
class ReviewController {

	private final ConsultationManagement consultations;

	private final ReviewActions actions;

	ReviewController(ConsultationManagement consultations, ReviewActions actions) {
		this.consultations = consultations;
		this.actions = actions;
	}

	@Operation(summary = "List consultations the caller may act on",
			description = "Those whose reviewers name the caller or one of their groups; most urgent first.")
	@ApiResponse(responseCode = "200", description = "One page")
	@ApiResponse(responseCode = "400", description = "A filter or paging parameter is invalid")
	@GetMapping("/api/v1/review/consultations")
	PageResponse<Consultation> actionable(@AuthenticationPrincipal Reviewer reviewer,
			@Parameter(schema = @Schema(allowableValues = { "pending", "responded", "timed_out", "cancelled" },
					defaultValue = "pending")) @RequestParam(required = false) String state,
			@Parameter(schema = @Schema(type = "integer", minimum = "1", defaultValue = "1")) @RequestParam(
					required = false) String page,
			@Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "100",
					defaultValue = "20")) @RequestParam(name = "page_size", required = false) String pageSize) {
		Params params = new Params();
		String wanted = Objects.requireNonNullElse(params.oneOf("state", state, ConsultationStates.ALL),
				Consultation.PENDING);
		params.throwIfInvalid();
		return this.consultations.reviewable(reviewer.id(), reviewer.groups(), wanted, PageRequest.of(page, pageSize));
	}

	@Operation(summary = "Claim a consultation",
			description = "Other reviewers see it as taken; claiming one's own claim again changes nothing.")
	@ApiResponse(responseCode = "200", description = "Claimed by the caller")
	@ApiResponse(responseCode = "404", description = "No such consultation, or the caller is not one of its reviewers")
	@ApiResponse(responseCode = "409", description = "Claimed by someone else, or no longer pending")
	@ApiResponse(responseCode = "403",
			description = "The caller is the person the consultation was requested for " + "(`requested_by`)")
	@PostMapping("/api/v1/consultations/{id}/claim")
	Consultation claim(@AuthenticationPrincipal Reviewer reviewer, @PathVariable UUID id) {
		return this.actions.claim(reviewer, id);
	}

	@Operation(summary = "Release a claim", description = "Admins may release anyone's claim.")
	@ApiResponse(responseCode = "200", description = "Unclaimed")
	@ApiResponse(responseCode = "404", description = "No such consultation, or the caller is not one of its reviewers")
	@ApiResponse(responseCode = "409", description = "Claimed by someone else, or no longer pending")
	@ApiResponse(responseCode = "403",
			description = "The caller is the person the consultation was requested for " + "(`requested_by`)")
	@PostMapping("/api/v1/consultations/{id}/unclaim")
	Consultation unclaim(@AuthenticationPrincipal Reviewer reviewer, @PathVariable UUID id) {
		return this.actions.unclaim(reviewer, id);
	}

	@Operation(summary = "Answer a consultation",
			description = "Exactly one of `decision`, `choice` or `text`, as the consultation's `response_type` asks, "
					+ "plus an optional `comment`. The agent's webhook follows.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = Answer.class),
							examples = { @ExampleObject(name = "approval",
									value = "{\"decision\": \"approved\", \"comment\": \"Carrier confirmed loss\"}"),
									@ExampleObject(name = "choice", value = "{\"choice\": \"a\"}"),
									@ExampleObject(name = "text", value = "{\"text\": \"12 High Street, Flat 2\"}") })))
	@ApiResponse(responseCode = "200", description = "Answered")
	@ApiResponse(responseCode = "400", description = "The answer does not fit the consultation's response type")
	@ApiResponse(responseCode = "404", description = "No such consultation, or the caller is not one of its reviewers")
	@ApiResponse(responseCode = "409", description = "Already answered, timed out or cancelled, or claimed by another")
	@ApiResponse(responseCode = "403",
			description = "The caller is the person the consultation was requested for " + "(`requested_by`)")
	@PostMapping("/api/v1/consultations/{id}/respond")
	Consultation respond(@AuthenticationPrincipal Reviewer reviewer, @PathVariable UUID id,
			@RequestBody AnswerRequest body) {
		return this.actions.respond(reviewer, id, body.answer(), "api");
	}

}
