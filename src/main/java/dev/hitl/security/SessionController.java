package dev.hitl.security;

import dev.hitl.system.ApiDocs;
import dev.hitl.system.NotOnWorkerNodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

import dev.hitl.security.ReviewerSessions.SessionView;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A reviewer's own sessions (Tasklist, Cockpit, portal): list them, end one, or end all
 * but the one in use.
 */
@RestController
@NotOnWorkerNodes
@RequestMapping("/api/v1/sessions")
@Tag(name = "Sessions", description = "A reviewer's own sessions in Tasklist, Cockpit and the portal")
@SecurityRequirement(name = ApiDocs.BASIC)
class SessionController {

	private final ReviewerSessions sessions;

	SessionController(ReviewerSessions sessions) {
		this.sessions = sessions;
	}

	@GetMapping
	@Operation(summary = "List my sessions", description = "The one this request uses is marked current.")
	@ApiResponse(responseCode = "200", description = "One page")
	PageResponse<SessionView> list(@AuthenticationPrincipal Reviewer reviewer, HttpServletRequest request,
			@RequestParam(required = false) String page,
			@RequestParam(name = "page_size", required = false) String pageSize) {
		PageRequest paging = PageRequest.of(page, pageSize);
		List<SessionView> all = this.sessions.list(reviewer.id(), current(request));
		List<SessionView> items = all.stream().skip(paging.offset()).limit(paging.pageSize()).toList();
		return PageResponse.of(items, all.size(), paging);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "End one of my sessions")
	@ApiResponse(responseCode = "204", description = "Ended")
	@ApiResponse(responseCode = "404", description = "No such session of yours")
	ResponseEntity<Void> end(@AuthenticationPrincipal Reviewer reviewer, @PathVariable String id) {
		if (id.length() != 22 || !this.sessions.end(reviewer.id(), id)) {
			throw ApiProblem.notFound("Session");
		}
		return ResponseEntity.noContent().build();
	}

	/** Ends every session of the caller except the one this request came with, if any. */
	@DeleteMapping
	@Operation(summary = "End all my other sessions")
	@ApiResponse(responseCode = "204", description = "Ended")
	ResponseEntity<Void> endOthers(@AuthenticationPrincipal Reviewer reviewer, HttpServletRequest request) {
		this.sessions.endOthers(reviewer.id(), current(request));
		return ResponseEntity.noContent().build();
	}

	private static String current(HttpServletRequest request) {
		return request.isRequestedSessionIdValid() ? request.getRequestedSessionId() : null;
	}

}
