package dev.hitl.portal;

import java.util.Map;

import dev.hitl.system.PageResponse;

/** Previous and next links of a paged list that keep its filters. */
record Pagination(int page, long pages, long total, String previous, String next) {

	static Pagination of(PageResponse<?> found, ListFilter filter, String path) {
		int page = found.page();
		String previous = (page > 1) ? filter.link(path, Map.of("page", String.valueOf(page - 1))) : null;
		String next = (page < found.pages()) ? filter.link(path, Map.of("page", String.valueOf(page + 1))) : null;
		return new Pagination(page, Math.max(1, found.pages()), found.total(), previous, next);
	}

}
