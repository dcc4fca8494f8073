package dev.hitl.portal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.hitl.consultation.ConsultationStatistics;
import dev.hitl.security.Reviewer;
import dev.hitl.system.NotOnWorkerNodes;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** How reviewing goes: for a reviewer their consultations, for admins all of them. */
@Controller
@NotOnWorkerNodes
class InsightsController {

	private final ConsultationStatistics statistics;

	private final Clock clock;

	InsightsController(ConsultationStatistics statistics, Clock clock) {
		this.statistics = statistics;
		this.clock = clock;
	}

	@GetMapping("/insights")
	String insights(@AuthenticationPrincipal Reviewer me, Model model) {
		Instant now = this.clock.instant();
		Instant start = Insights.windowStart(now);
		ConsultationStatistics.Figures figures = this.statistics.figures(HistoryController.scope(me), start);
		model.addAttribute("active", "insights");
		model.addAttribute("insights", Insights.of(figures, now));
		model.addAttribute("everyone", me.admin());
		model.addAttribute("windowStart", Formats.iso(start));
		model.addAttribute("windowStartText", Formats.utc(start));
		model.addAttribute("exportFrom", start.atZone(ZoneOffset.UTC).toLocalDate());
		model.addAttribute("exportTo", now.atZone(ZoneOffset.UTC).toLocalDate());
		return "portal/insights";
	}

}
