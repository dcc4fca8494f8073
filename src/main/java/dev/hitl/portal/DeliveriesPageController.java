package dev.hitl.portal;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.ConsultationManagement;
import dev.hitl.delivery.webhook.WebhookRedelivery;
import dev.hitl.security.Reviewer;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;
import dev.hitl.system.NotOnWorkerNodes;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admins see webhooks whose retries ran out, with the last error, and send them again.
 */
@Controller
@NotOnWorkerNodes
class DeliveriesPageController {

	private final ConsultationManagement consultations;

	private final WebhookRedelivery redelivery;

	private final Clock clock;

	DeliveriesPageController(ConsultationManagement consultations, WebhookRedelivery redelivery, Clock clock) {
		this.consultations = consultations;
		this.redelivery = redelivery;
		this.clock = clock;
	}

	@GetMapping("/admin/deliveries")
	String failed(@AuthenticationPrincipal Reviewer me, @RequestParam(required = false) String page, Model model) {
		PageRequest paging = PageRequest.of(page, String.valueOf(DashboardController.PAGE_SIZE));
		PageResponse<Consultation> found = this.consultations.failedDeliveries(paging);
		Instant now = this.clock.instant();
		model.addAttribute("active", "deliveries");
		model.addAttribute("items", found.items().stream().map((c) -> ConsultationView.of(c, now, me.id())).toList());
		model.addAttribute("found", found);
		model.addAttribute("previous", (paging.page() > 1) ? "/admin/deliveries?page=" + (paging.page() - 1) : null);
		model.addAttribute("next",
				(paging.page() < found.pages()) ? "/admin/deliveries?page=" + (paging.page() + 1) : null);
		return "portal/admin/deliveries";
	}

	@PostMapping("/admin/deliveries/{id}/redeliver")
	String redeliver(@AuthenticationPrincipal Reviewer me, @PathVariable UUID id, RedirectAttributes flash) {
		try {
			this.redelivery.redeliver(id, me.id());
			flash.addFlashAttribute("notice", "The webhook is being sent again; the list shows it if it fails again.");
		}
		catch (ApiProblem ex) {
			if (ex.status() != HttpStatus.CONFLICT) {
				throw ex;
			}
			flash.addFlashAttribute("conflict", ex.getMessage() + ".");
		}
		return "redirect:/admin/deliveries";
	}

}
