package dev.hitl.consultation;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hitl.system.PageResponse;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The agent's list: the usual envelope, plus {@code next_updated_after} when it was asked
 * for changes ({@code updated_after}).
 *
 * @param nextUpdatedAfter the {@code updated_after} of the next poll
 */
record ConsultationPage(List<Consultation> items, long total, int page, int pageSize, long pages,
		@Schema(description = "With `updated_after` only: the `updated_after` to send next time (RFC 3339)",
				format = "date-time") @JsonInclude(JsonInclude.Include.NON_NULL) Instant nextUpdatedAfter) {

	static ConsultationPage of(PageResponse<Consultation> page) {
		return new ConsultationPage(page.items(), page.total(), page.page(), page.pageSize(), page.pages(), null);
	}

	static ConsultationPage changes(List<Consultation> items, long total, int pageSize, Instant next) {
		return new ConsultationPage(items, total, 1, pageSize, (total + pageSize - 1) / pageSize, next);
	}

	/** Weak like each consultation's, so that a large page can be compressed. */
	String etag() {
		StringBuilder content = new StringBuilder().append(this.total)
			.append(':')
			.append(this.page)
			.append(':')
			.append(this.nextUpdatedAfter);
		this.items.forEach((item) -> content.append(',').append(item.etag()));
		return "W/\"" + Integer.toHexString(content.toString().hashCode()) + "\"";
	}

}
