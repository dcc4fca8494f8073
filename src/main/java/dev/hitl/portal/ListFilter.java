package dev.hitl.portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hitl.consultation.ConsultationQuery;
import dev.hitl.consultation.ConsultationQuery.Order;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.web.Params;

/**
 * The filters of the dashboard and the history as the query string carries them, checked
 * at the edge; an empty value means "any".
 *
 * @param state one state, or empty for the page's default set
 * @param priority one priority, or empty
 * @param q text searched in the title and external ref
 * @param sort {@code urgent} or {@code newest} (dashboard)
 * @param reviewer who holds or answered it (history)
 */
record ListFilter(String state, String priority, String q, String sort, String reviewer) {

	static final Set<String> STATES = Set.of("pending", "responded", "timed_out", "cancelled");

	static final List<String> ENDED = List.of("responded", "timed_out", "cancelled");

	static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");

	static final Set<String> SORTS = Set.of("urgent", "newest");

	private static final int MAX_TEXT = 200;

	static ListFilter of(String state, String priority, String q, String sort, String reviewer) {
		Params params = new Params();
		ListFilter filter = new ListFilter(orEmpty(params.oneOf("state", state, STATES)),
				orEmpty(params.oneOf("priority", priority, PRIORITIES)), text("q", q, params),
				orEmpty(params.oneOf("sort", sort, SORTS)), text("reviewer", reviewer, params));
		params.throwIfInvalid();
		return filter;
	}

	/** What the dashboard lists: pending ones unless another state is asked for. */
	ConsultationQuery dashboardQuery() {
		return new ConsultationQuery(List.of(this.state.isEmpty() ? "pending" : this.state), blankToNull(this.priority),
				blankToNull(this.q), null, null, null,
				"newest".equals(this.sort) ? Order.NEWEST_FIRST : Order.URGENT_FIRST);
	}

	/** What the history lists: ended ones, the latest first. */
	ConsultationQuery historyQuery() {
		if (!this.state.isEmpty() && !ENDED.contains(this.state)) {
			throw new InvalidRequestException("state", "must be one of " + ENDED);
		}
		return new ConsultationQuery(this.state.isEmpty() ? ENDED : List.of(this.state), blankToNull(this.priority),
				blankToNull(this.q), blankToNull(this.reviewer), null, null, Order.RECENTLY_UPDATED);
	}

	/** The non-empty filters, for links that keep them (pagination, polling). */
	Map<String, String> parameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		put(parameters, "state", this.state);
		put(parameters, "priority", this.priority);
		put(parameters, "q", this.q);
		put(parameters, "sort", this.sort);
		put(parameters, "reviewer", this.reviewer);
		return parameters;
	}

	/** The path with these filters and more parameters, encoded. */
	String link(String path, Map<String, String> more) {
		Map<String, String> all = parameters();
		all.putAll(more);
		StringBuilder link = new StringBuilder(path);
		all.forEach((name, value) -> link.append((link.length() == path.length()) ? '?' : '&')
			.append(name)
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return link.toString();
	}

	public boolean isFiltered() {
		return !(this.state.isEmpty() && this.priority.isEmpty() && this.q.isEmpty() && this.reviewer.isEmpty());
	}

	private static void put(Map<String, String> parameters, String name, String value) {
		if (!value.isEmpty()) {
			parameters.put(name, value);
		}
	}

	/**
	 * A search term: stripped, at most {@link #MAX_TEXT} characters and no control
	 * character (a NUL must never reach the database's LIKE).
	 */
	private static String text(String field, String value, Params params) {
		String text = (value != null) ? value.strip() : "";
		params.line(field, text, MAX_TEXT);
		return text;
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

	private static String blankToNull(String value) {
		return value.isEmpty() ? null : value;
	}

}
