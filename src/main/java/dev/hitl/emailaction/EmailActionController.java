package dev.hitl.emailaction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.hitl.consultation.Answer;
import dev.hitl.review.ReviewActions;
import dev.hitl.security.EmailActionLimit;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.NotOnWorkerNodes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /email-actions/{token}} shows the consultation and the answer the link
 * gives, and changes nothing, so link scanners and previews are harmless; {@code POST} of
 * its form takes the token (once, whoever races for it) and records the answer as the
 * link's recipient, channel {@code email}, through the same review actions as the portal.
 * A link that cannot answer gets a page that says why.
 */
@Controller
@NotOnWorkerNodes
class EmailActionController {

	static final String CHANNEL = "email";

	/** A rival request held the link and gave it back: its answer was not recorded. */
	static final String IN_USE = "This link was being used by another request just now. Open it again to answer.";

	private final TokenCheck check;

	private final ActionTokenRepository tokens;

	private final ReviewActions actions;

	private final EmailActionLimit limit;

	private final Clock clock;

	EmailActionController(TokenCheck check, ActionTokenRepository tokens, ReviewActions actions, EmailActionLimit limit,
			Clock clock) {
		this.check = check;
		this.tokens = tokens;
		this.actions = actions;
		this.limit = limit;
		this.clock = clock;
	}

	@GetMapping("/email-actions/{token}")
	String show(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
		Admission admission = admit(token, request, response, model);
		if (admission.refusal() != null) {
			return admission.refusal();
		}
		return Pages.confirm(admission.verdict(), token, null, null, model);
	}

	@PostMapping("/email-actions/{token}")
	String answer(@PathVariable String token, @RequestParam(required = false) String comment,
			@RequestParam(required = false) String text, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		Admission admission = admit(token, request, response, model);
		if (admission.refusal() != null) {
			return admission.refusal();
		}
		Verdict verdict = admission.verdict();
		ActionToken taken = verdict.token();
		Instant at = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		if (!this.tokens.use(taken.hash(), at)) {
			// Another request took it an instant ago: show what it did.
			Verdict now = this.check.check(token);
			return Pages.refused(now.isUsable() ? Verdict.refused(HttpStatus.CONFLICT, IN_USE) : now, response, model);
		}
		try {
			this.actions.respond(verdict.reviewer(), taken.consultationId(), answer(verdict, comment, text), CHANNEL);
		}
		catch (InvalidRequestException ex) {
			this.tokens.release(taken.hash(), at);
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("answerError", ex.violations().get(0).message());
			return Pages.confirm(verdict, token, comment, text, model);
		}
		catch (ApiProblem ex) {
			// What the check did not see coming: a rival answer, the timer or a cancel
			// that won meanwhile, a claim. The link is given back first, so the page
			// says that and not "used".
			this.tokens.release(taken.hash(), at);
			Verdict now = this.check.check(token);
			return Pages.refused(now.isUsable() ? Verdict.refused(ex.status(), ex.getMessage() + ".") : now, response,
					model);
		}
		catch (RuntimeException ex) {
			this.tokens.release(taken.hash(), at);
			throw ex;
		}
		return Pages.answered(verdict, model);
	}

	/**
	 * The link's answer; only the comment, and for a text link the text, come from the
	 * form.
	 */
	private static Answer answer(Verdict verdict, String comment, String text) {
		String value = verdict.token().answer();
		return switch (verdict.consultation().responseType()) {
			case "choice" -> new Answer(null, value, null, comment);
			case "text" -> new Answer(null, null, (text != null) ? text : "", comment);
			default -> new Answer(value, null, null, comment);
		};
	}

	/**
	 * The rate limits first, then the link itself: the page that refuses this request, or
	 * the usable verdict.
	 */
	private Admission admit(String token, HttpServletRequest request, HttpServletResponse response, Model model) {
		Optional<String> limited = limited(token, request, response, model);
		if (limited.isPresent()) {
			return new Admission(null, limited.get());
		}
		Verdict verdict = this.check.check(token);
		return new Admission(verdict, verdict.isUsable() ? null : Pages.refused(verdict, response, model));
	}

	/**
	 * @param refusal the page to show instead, or null when the link may be used
	 */
	private record Admission(Verdict verdict, String refusal) {
	}

	private Optional<String> limited(String token, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		String hash = ActionTokens.isWellFormed(token) ? ActionTokens.hash(token) : null;
		Optional<Duration> wait = this.limit.tryUse(request.getRemoteAddr(), hash);
		if (wait.isEmpty()) {
			return Optional.empty();
		}
		long seconds = Math.max(1, wait.get().toSeconds() + 1);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return Optional.of(Pages.refused(
				Verdict.refused(HttpStatus.TOO_MANY_REQUESTS,
						"Too many tries in a short time. Please wait " + seconds + " seconds and open the link again."),
				response, model));
	}

}
