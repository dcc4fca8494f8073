package dev.hitl.portal;

import dev.hitl.security.Reviewer;
import dev.hitl.system.NotOnWorkerNodes;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page (Spring Security handles the form's POST and the logout) and the page
 * shown when a signed-in user may not see something.
 */
@Controller
@NotOnWorkerNodes
class LoginController {

	@GetMapping("/login")
	String login(@AuthenticationPrincipal Reviewer me, @RequestParam(required = false) String error,
			@RequestParam(required = false) String throttled, @RequestParam(required = false) String logout,
			@RequestParam(required = false) String expired, Model model) {
		if (me != null) {
			return "redirect:/dashboard";
		}
		if (throttled != null) {
			model.addAttribute("error", "Too many failed sign-ins. Wait a minute, then try again.");
		}
		else if (error != null) {
			model.addAttribute("error", "That user name and password do not match an account.");
		}
		else if (expired != null) {
			model.addAttribute("message", "Your session ended. Please sign in again.");
		}
		else if (logout != null) {
			model.addAttribute("message", "You are signed out.");
		}
		return "portal/login";
	}

	/**
	 * Where refused requests are forwarded; {@code form} when a form's CSRF token was
	 * wrong.
	 */
	@RequestMapping("/forbidden")
	String forbidden(@RequestParam(required = false) String form, HttpServletResponse response, Model model) {
		response.setStatus(HttpStatus.FORBIDDEN.value());
		model.addAttribute("status", 403);
		model.addAttribute("reason", "Not allowed");
		model.addAttribute("message",
				(form != null) ? "The form was not sent from a page of this session. Reload the page and try again."
						: "This page is for admins (group camunda-admin) only.");
		model.addAttribute("details", java.util.List.of());
		return "portal/error";
	}

}
