package dev.hitl.portal;

import java.util.List;

import dev.hitl.security.Reviewer;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.DatabaseOutage;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.workflow.CamundaWeb;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every portal page knows (who is signed in) and how refusals look: an HTML page
 * with the status and a plain reason, never internals. Takes precedence over the API's
 * problem+json handler for the portal's controllers only.
 */
@ControllerAdvice(basePackageClasses = PortalAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalAdvice {

	private static final Logger log = LoggerFactory.getLogger(PortalAdvice.class);

	@ModelAttribute("me")
	Reviewer me(@AuthenticationPrincipal Reviewer reviewer) {
		return reviewer;
	}

	@ModelAttribute("tasklistUrl")
	String tasklistUrl() {
		return CamundaWeb.TASKLIST_HOME;
	}

	@ExceptionHandler
	ModelAndView refused(ApiProblem ex, HttpServletResponse response) {
		String message = (ex.status() == HttpStatus.NOT_FOUND) ? "There is no such page, or it is not yours to see."
				: ex.getMessage();
		return error(response, ex.status(), message, List.of());
	}

	@ExceptionHandler
	ModelAndView invalid(InvalidRequestException ex, HttpServletResponse response) {
		return error(response, HttpStatus.BAD_REQUEST, "Something in the request is not valid.",
				ex.violations().stream().map(Object::toString).toList());
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class })
	ModelAndView malformed(Exception ex, HttpServletResponse response) {
		return error(response, HttpStatus.NOT_FOUND, "There is no such page, or it is not yours to see.", List.of());
	}

	/** A deliberate status without a page, such as 204 for "nothing changed". */
	@ExceptionHandler
	ResponseEntity<Void> status(ResponseStatusException ex) {
		return ResponseEntity.status(ex.getStatusCode()).build();
	}

	@ExceptionHandler
	ModelAndView unexpected(Exception ex, HttpServletResponse response) {
		if (DatabaseOutage.causedBy(ex)) {
			log.warn("Database unreachable, answered 503: {}", ex.toString());
			DatabaseOutage.retryAfter(response);
			return error(response, HttpStatus.SERVICE_UNAVAILABLE,
					"The service is briefly unavailable. Please try again in a moment.", List.of());
		}
		log.error("Unexpected error in the portal", ex);
		return error(response, HttpStatus.INTERNAL_SERVER_ERROR,
				"Something went wrong on our side. Please try again in a moment.", List.of());
	}

	static ModelAndView error(HttpServletResponse response, HttpStatus status, String message, List<String> details) {
		response.setStatus(status.value());
		ModelAndView page = new ModelAndView("portal/error");
		page.setStatus(status);
		page.addObject("status", status.value());
		page.addObject("reason", status.getReasonPhrase());
		page.addObject("message", message);
		page.addObject("details", details);
		page.addObject("tasklistUrl", CamundaWeb.TASKLIST_HOME);
		if (SecurityContextHolder.getContext().getAuthentication() != null
				&& SecurityContextHolder.getContext().getAuthentication().getPrincipal() instanceof Reviewer reviewer) {
			page.addObject("me", reviewer);
		}
		return page;
	}

}
