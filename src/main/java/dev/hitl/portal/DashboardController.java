package dev.hitl.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.ConsultationManagement;
import dev.hitl.consultation.ConsultationQuery;
import dev.hitl.consultation.ReviewerScope;
import dev.hitl.security.Reviewer;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;
import dev.hitl.system.NotOnWorkerNodes;
import dev.hitl.system.web.Params;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * What waits for the reviewer. The page polls {@code /dashboard/changes} for what changed
 * since its last refresh ({@code updated_after}); new consultations are announced, not
 * slipped into the list, and cards on the page are updated in place.
 */
@Controller
@NotOnWorkerNodes
class DashboardController {

	static final int PAGE_SIZE = 20;

	/**
	 * Polls look back this much further than the last one, so a change committed just
	 * after its timestamp is not missed; seeing one twice is harmless.
	 */
	static final Duration OVERLAP = Duration.ofSeconds(5);

	private static final int MAX_SHOWN = PageRequest.MAX_PAGE_SIZE;

	private static final int MAX_CHANGES = 200;

	private static final int MAX_NEW = 100;

	private final ConsultationManagement consultations;

	private final Clock clock;

	DashboardController(ConsultationManagement consultations, Clock clock) {
		this.consultations = consultations;
		this.clock = clock;
	}

	@GetMapping("/")
	String home() {
		return "redirect:/dashboard";
	}

	@GetMapping("/dashboard")
	String dashboard(@AuthenticationPrincipal Reviewer me, @RequestParam(required = false) String state,
			@RequestParam(required = false) String priority, @RequestParam(required = false) String q,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String page,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		ListFilter filter = ListFilter.of(state, priority, q, sort, null);
		PageRequest paging = PageRequest.of(page, String.valueOf(PAGE_SIZE));
		Instant now = now();
		PageResponse<Consultation> found = this.consultations.search(scope(me), filter.dashboardQuery(), paging);
		List<ConsultationView> items = found.items().stream().map((c) -> ConsultationView.of(c, now, me.id())).toList();
		model.addAttribute("active", "dashboard");
		model.addAttribute("filter", filter);
		model.addAttribute("items", items);
		model.addAttribute("found", found);
		model.addAttribute("pages", Pagination.of(found, filter, "/dashboard"));
		model.addAttribute("pollUrl", pollUrl(filter, now.minus(OVERLAP), now.minus(OVERLAP), ids(items)));
		return (htmx != null) ? "portal/dashboard :: results" : "portal/dashboard";
	}

	/**
	 * Answers 204 when nothing the reviewer may see changed since {@code updated_after};
	 * otherwise the refreshed poller, the "new consultations" notice and the changed
	 * cards of the page, swapped in out of band.
	 */
	@GetMapping("/dashboard/changes")
	String changes(@AuthenticationPrincipal Reviewer me, @RequestParam(required = false) String state,
			@RequestParam(required = false) String priority, @RequestParam(required = false) String q,
			@RequestParam(required = false) String sort, @RequestParam(name = "loaded_at") String loadedAtText,
			@RequestParam(name = "updated_after") String updatedAfterText,
			@RequestParam(required = false, defaultValue = "") String shown, Model model) {
		ListFilter filter = ListFilter.of(state, priority, q, sort, null);
		Params params = new Params();
		Instant loadedAt = params.requiredInstant("loaded_at", loadedAtText);
		Instant updatedAfter = params.requiredInstant("updated_after", updatedAfterText);
		params.throwIfInvalid();
		Set<UUID> shownIds = ids(shown);
		Instant now = now();
		ReviewerScope scope = scope(me);
		List<Consultation> changed = this.consultations.searchFirst(scope, new ConsultationQuery(null, null, null, null,
				updatedAfter, null, ConsultationQuery.Order.RECENTLY_UPDATED), MAX_CHANGES);
		if (changed.isEmpty()) {
			throw new ResponseStatusException(HttpStatus.NO_CONTENT);
		}
		List<ConsultationView> updated = changed.stream()
			.filter((c) -> shownIds.contains(c.id()))
			.map((c) -> ConsultationView.of(c, now, me.id()))
			.toList();
		List<Consultation> fresh = this.consultations
			.searchFirst(scope, filter.dashboardQuery().withCreatedAfter(loadedAt), MAX_NEW + shownIds.size())
			.stream()
			.filter((c) -> !shownIds.contains(c.id()))
			.limit(MAX_NEW)
			.toList();
		Instant next = now.minus(OVERLAP).isAfter(updatedAfter) ? now.minus(OVERLAP) : updatedAfter;
		model.addAttribute("filter", filter);
		model.addAttribute("updated", updated);
		model.addAttribute("fresh", fresh.stream().limit(3).toList());
		model.addAttribute("freshCount", fresh.size());
		model.addAttribute("freshMore", fresh.size() >= MAX_NEW);
		model.addAttribute("showUrl", filter.link("/dashboard", Map.of()));
		model.addAttribute("pollUrl",
				pollUrl(filter, loadedAt, next, String.join(",", shownIds.stream().map(UUID::toString).toList())));
		return "portal/dashboard :: changes";
	}

	private static String pollUrl(ListFilter filter, Instant loadedAt, Instant updatedAfter, String shown) {
		return filter.link("/dashboard/changes",
				Map.of("loaded_at", loadedAt.toString(), "updated_after", updatedAfter.toString(), "shown", shown));
	}

	private static String ids(List<ConsultationView> items) {
		return String.join(",", items.stream().map((item) -> item.id().toString()).toList());
	}

	private static Set<UUID> ids(String shown) {
		Set<UUID> ids = new LinkedHashSet<>();
		if (shown.isBlank()) {
			return ids;
		}
		List<String> parts = new ArrayList<>(List.of(shown.split(",")));
		if (parts.size() > MAX_SHOWN) {
			throw new InvalidRequestException("shown", "must list at most " + MAX_SHOWN + " ids");
		}
		for (String part : parts) {
			try {
				ids.add(UUID.fromString(part.strip()));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidRequestException("shown", "must be comma-separated consultation ids");
			}
		}
		return ids;
	}

	static ReviewerScope scope(Reviewer reviewer) {
		return ReviewerScope.of(reviewer.id(), reviewer.groups());
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
