package dev.hitl.emailaction;

import dev.hitl.system.DatabaseOutage;
import dev.hitl.system.NotOnWorkerNodes;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Whatever goes wrong behind an answer page is a page too, never a stack trace: the
 * answer was not recorded, and trying again later may work. Only the failure's type is
 * logged; a message could carry the request's path, and with it the token.
 */
@NotOnWorkerNodes
@ControllerAdvice(basePackageClasses = EmailActionAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class EmailActionAdvice {

	private static final Logger log = LoggerFactory.getLogger(EmailActionAdvice.class);

	@ExceptionHandler
	ModelAndView unexpected(Exception ex, HttpServletResponse response) {
		if (DatabaseOutage.causedBy(ex)) {
			DatabaseOutage.retryAfter(response);
		}
		log.warn("Email answer page failed: {}", ex.getClass().getName());
		ExtendedModelMap model = new ExtendedModelMap();
		String view = Pages.refused(
				Verdict.refused(HttpStatus.SERVICE_UNAVAILABLE,
						"Your answer could not be handled right now. Please try the link again in a moment."),
				response, model);
		return new ModelAndView(view, model);
	}

}
