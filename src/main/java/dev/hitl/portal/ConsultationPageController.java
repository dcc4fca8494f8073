package dev.hitl.portal;

import java.time.Clock;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.consultation.Answer;
import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.ConsultationManagement;
import dev.hitl.consultation.ReviewerScope;
import dev.hitl.review.ReviewActions;
import dev.hitl.security.Reviewer;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.NotOnWorkerNodes;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One consultation: what is asked, its context, claim and unclaim, and the answer form.
 * Answers go through the same review actions as the reviewer API, with channel
 * {@code portal}. A consultation that ended meanwhile is shown as it ended, with a note,
 * instead of an error.
 */
@Controller
@NotOnWorkerNodes
class ConsultationPageController {

	static final String CHANNEL = "portal";

	private final ConsultationManagement consultations;

	private final ReviewActions actions;

	private final Markdown markdown;

	private final Clock clock;

	private final ObjectMapper json;

	ConsultationPageController(ConsultationManagement consultations, ReviewActions actions, Markdown markdown,
			Clock clock, ObjectMapper json) {
		this.json = json;
		this.consultations = consultations;
		this.actions = actions;
		this.markdown = markdown;
		this.clock = clock;
	}

	@GetMapping("/consultations/{id}")
	String show(@AuthenticationPrincipal Reviewer me, @PathVariable UUID id, Model model) {
		return page(me, id, new AnswerForm(null, null, null, null), model);
	}

	@PostMapping("/consultations/{id}/claim")
	String claim(@AuthenticationPrincipal Reviewer me, @PathVariable UUID id, RedirectAttributes flash) {
		return act(id, flash, "You claimed this consultation; other reviewers see it as taken.",
				() -> this.actions.claim(me, id));
	}

	@PostMapping("/consultations/{id}/unclaim")
	String unclaim(@AuthenticationPrincipal Reviewer me, @PathVariable UUID id, RedirectAttributes flash) {
		return act(id, flash, "You released this consultation; any of its reviewers may take it.",
				() -> this.actions.unclaim(me, id));
	}

	@PostMapping("/consultations/{id}/respond")
	String respond(@AuthenticationPrincipal Reviewer me, @PathVariable UUID id, @ModelAttribute AnswerForm form,
			Model model, RedirectAttributes flash, HttpServletResponse response) {
		try {
			this.actions.respond(me, id, form.toAnswer(), CHANNEL);
			flash.addFlashAttribute("notice", "Your answer was recorded.");
			return redirect(id);
		}
		catch (InvalidRequestException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("answerError", ex.violations().get(0).message());
			return page(me, id, form, model);
		}
		catch (ApiProblem ex) {
			if (ex.status() != HttpStatus.CONFLICT) {
				throw ex;
			}
			flash.addFlashAttribute("conflict", "Your answer was not recorded: " + lowerFirst(ex.getMessage()) + ".");
			return redirect(id);
		}
	}

	private String page(Reviewer me, UUID id, AnswerForm form, Model model) {
		ReviewerScope scope = me.admin() ? ReviewerScope.all() : DashboardController.scope(me);
		Consultation consultation = this.consultations.find(scope, id)
			.orElseThrow(() -> ApiProblem.notFound("Consultation"));
		boolean reviewer = this.consultations.findReviewable(id, me.id(), me.groups()).isPresent();
		model.addAttribute("active", "dashboard");
		model.addAttribute("c", ConsultationView.of(consultation, this.clock.instant(), me.id()));
		model.addAttribute("descriptionHtml", this.markdown.toHtml(consultation.description()));
		JsonNode context = consultation.context();
		model.addAttribute("context",
				(context != null && context.isContainerNode() && !context.isEmpty()) ? context : null);
		model.addAttribute("contextJson", pretty(consultation));
		// The person it was requested for sees it but may not act on it (ReviewActions).
		boolean requester = me.id().equals(consultation.requestedBy());
		// One reviewer approves once: the next approval must come from someone else.
		boolean approvedByMe = consultation.approvedBy(me.id());
		model.addAttribute("canAct", reviewer && !requester && !approvedByMe && consultation.isPending());
		model.addAttribute("isRequester", requester);
		model.addAttribute("approvedByMe", approvedByMe);
		model.addAttribute("isReviewer", reviewer);
		model.addAttribute("form", form);
		return "portal/consultation";
	}

	private String pretty(Consultation consultation) {
		try {
			return this.json.writerWithDefaultPrettyPrinter().writeValueAsString(consultation.context());
		}
		catch (JsonProcessingException ex) {
			return "";
		}
	}

	private String act(UUID id, RedirectAttributes flash, String done, Runnable action) {
		try {
			action.run();
			flash.addFlashAttribute("notice", done);
		}
		catch (ApiProblem ex) {
			if (ex.status() != HttpStatus.CONFLICT) {
				throw ex;
			}
			flash.addFlashAttribute("conflict", ex.getMessage() + ".");
		}
		return redirect(id);
	}

	private static String redirect(UUID id) {
		return "redirect:/consultations/" + id;
	}

	private static String lowerFirst(String text) {
		return (text == null || text.isEmpty()) ? "" : Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}

	/** The answer form's fields; empty ones mean "not given". */
	record AnswerForm(String decision, String choice, String text, String comment) {

		Answer toAnswer() {
			return new Answer(this.decision, this.choice, this.text, this.comment);
		}

	}

}
