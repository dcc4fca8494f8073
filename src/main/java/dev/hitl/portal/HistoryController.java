package dev.hitl.portal;

import java.time.Instant;
import java.time.Clock;

import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.ConsultationManagement;
import dev.hitl.consultation.ReviewerScope;
import dev.hitl.security.Reviewer;
import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;
import dev.hitl.system.NotOnWorkerNodes;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Ended consultations, the latest first: outcome, who answered, through which channel and
 * how long it took. Reviewers see the ones they were reviewers of; admins see all.
 */
@Controller
@NotOnWorkerNodes
class HistoryController {

	private final ConsultationManagement consultations;

	private final Clock clock;

	HistoryController(ConsultationManagement consultations, Clock clock) {
		this.consultations = consultations;
		this.clock = clock;
	}

	@GetMapping("/history")
	String history(@AuthenticationPrincipal Reviewer me, @RequestParam(required = false) String state,
			@RequestParam(required = false) String priority, @RequestParam(required = false) String q,
			@RequestParam(required = false) String reviewer, @RequestParam(required = false) String page, Model model) {
		ListFilter filter = ListFilter.of(state, priority, q, null, reviewer);
		PageRequest paging = PageRequest.of(page, String.valueOf(DashboardController.PAGE_SIZE));
		PageResponse<Consultation> found = this.consultations.search(scope(me), filter.historyQuery(), paging);
		Instant now = this.clock.instant();
		model.addAttribute("active", "history");
		model.addAttribute("filter", filter);
		model.addAttribute("items", found.items().stream().map((c) -> ConsultationView.of(c, now, me.id())).toList());
		model.addAttribute("pages", Pagination.of(found, filter, "/history"));
		model.addAttribute("everyone", me.admin());
		return "portal/history";
	}

	static ReviewerScope scope(Reviewer me) {
		return me.admin() ? ReviewerScope.all() : DashboardController.scope(me);
	}

}
