package dev.hitl.emailaction;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.ui.Model;

/** The views of the email answer pages and what each needs. */
final class Pages {

	private Pages() {
	}

	static String confirm(Verdict verdict, String token, String comment, String text, Model model) {
		model.addAttribute("page", ConfirmPage.of(verdict.consultation(), verdict.token()));
		model.addAttribute("token", token);
		model.addAttribute("comment", comment);
		model.addAttribute("text", text);
		model.addAttribute("reviewer", verdict.reviewer().displayName());
		return "email-actions/confirm";
	}

	static String answered(Verdict verdict, Model model) {
		model.addAttribute("heading", "Your answer was recorded");
		model.addAttribute("tone", "ok");
		model.addAttribute("reason", "Thank you. The agent that asked gets your answer now.");
		model.addAttribute("consultationTitle", verdict.consultation().title());
		return "email-actions/outcome";
	}

	static String refused(Verdict verdict, HttpServletResponse response, Model model) {
		response.setStatus(verdict.status().value());
		model.addAttribute("heading", "Nothing was recorded");
		model.addAttribute("tone", "warn");
		model.addAttribute("reason", verdict.reason());
		model.addAttribute("consultationTitle",
				(verdict.consultation() != null) ? verdict.consultation().title() : null);
		model.addAttribute("ending", verdict.ending());
		return "email-actions/outcome";
	}

}
