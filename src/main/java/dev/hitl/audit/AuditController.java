package dev.hitl.audit;

import dev.hitl.system.ApiDocs;
import dev.hitl.system.NotOnWorkerNodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;
import dev.hitl.system.web.Params;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins read the trail, newest first, filtered by consultation, actor, action and time.
 */
@RestController
@NotOnWorkerNodes
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
		Params params = new Params();
		AuditFilter filter = new AuditFilter(params.uuid("consultation_id", consultationId),
				params.line("actor", actor, 255), params.oneOf("action", action, AuditActions.ALL),
				params.instant("from", from), params.instant("to", to));
		params.throwIfInvalid();
		PageRequest request = PageRequest.of(page, pageSize);
		return PageResponse.of(this.repository.find(filter, request), this.repository.count(filter), request);
	}

}
