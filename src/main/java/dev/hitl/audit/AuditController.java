package dev.hitl.audit;

import dev.hitl.system.ApiDocs;
import dev.hitl.system.ServesApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.InvalidRequestException.FieldViolation;
import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;
import dev.hitl.system.Rfc3339;
import dev.hitl.system.StorableText;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins read the trail, newest first, filtered by consultation, actor, action and time.
 */
@RestController
@ServesApi
@Tag(name = "Audit", description = "The append-only record of who did what, through which channel")
@SecurityRequirement(name = ApiDocs.BASIC)
class AuditController {

	private final AuditRepository repository;

	AuditController(AuditRepository repository) {
		this.repository = repository;
	}

	@GetMapping("/api/v1/audit-events")
	@Operation(summary = "List audit events",
			description = "Admins only; newest first, filtered by consultation, actor, action and time range.")
	@ApiResponse(responseCode = "200", description = "One page")
	@ApiResponse(responseCode = "400", description = "A filter or paging parameter is invalid")
	PageResponse<AuditEvent> list(@RequestParam(name = "consultation_id", required = false) String consultationId,
			@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) String page,
			@RequestParam(name = "page_size", required = false) String pageSize) {
		List<FieldViolation> violations = new ArrayList<>();
		AuditFilter filter = new AuditFilter(uuid(consultationId, violations), text("actor", actor, violations),
				action(action, violations), instant("from", from, violations), instant("to", to, violations));
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(violations);
		}
		PageRequest request = PageRequest.of(page, pageSize);
		return PageResponse.of(this.repository.find(filter, request), this.repository.count(filter), request);
	}

	private static UUID uuid(String value, List<FieldViolation> violations) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			violations.add(new FieldViolation("consultation_id", "must be a UUID"));
			return null;
		}
	}

	private static String text(String field, String value, List<FieldViolation> violations) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		if (value.length() > 255 || !StorableText.isPlainLine(value)) {
			violations.add(new FieldViolation(field, "must be at most 255 characters, without control characters"));
		}
		return value;
	}

	private static String action(String value, List<FieldViolation> violations) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		if (!AuditActions.ALL.contains(value)) {
			violations.add(new FieldViolation("action", "must be one of " + AuditActions.ALL));
		}
		return value;
	}

	private static Instant instant(String field, String value, List<FieldViolation> violations) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		Instant instant = Rfc3339.parse(value).orElse(null);
		if (instant == null) {
			violations.add(new FieldViolation(field, "must be an RFC 3339 date-time such as 2026-11-23T10:00:00Z"));
		}
		return instant;
	}

}
