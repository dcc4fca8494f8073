package dev.hitl.system;

import java.util.List;

/**
 * The list envelope of every collection: {@code {items, total, page, page_size, pages}}.
 */
public record PageResponse<T>(List<T> items, long total, int page, int pageSize, long pages) {

	public static <T> PageResponse<T> of(List<T> items, long total, PageRequest request) {
		long pages = (total + request.pageSize() - 1) / request.pageSize();
		return new PageResponse<>(items, total, request.page(), request.pageSize(), pages);
	}

}
