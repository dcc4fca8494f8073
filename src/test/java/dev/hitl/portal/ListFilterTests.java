package dev.hitl.portal;

import java.util.List;
import java.util.Map;

import dev.hitl.consultation.ConsultationQuery;
import dev.hitl.system.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListFilterTests {

	@Test
	void theDashboardListsPendingConsultationsMostUrgentFirstByDefault() {
		ConsultationQuery query = ListFilter.of(null, "", null, null, null).dashboardQuery();
		assertThat(query.states()).containsExactly("pending");
		assertThat(query.priority()).isNull();
		assertThat(query.text()).isNull();
		assertThat(query.order()).isEqualTo(ConsultationQuery.Order.URGENT_FIRST);
		assertThat(ListFilter.of("timed_out", "high", "  refund ", "newest", null).dashboardQuery())
			.isEqualTo(new ConsultationQuery(List.of("timed_out"), "high", "refund", null, null, null,
					ConsultationQuery.Order.NEWEST_FIRST));
	}

	@Test
	void theHistoryListsEndedConsultationsOnly() {
		assertThat(ListFilter.of("", "", "", null, "rita").historyQuery().states()).containsExactly("responded",
				"timed_out", "cancelled");
		assertThat(ListFilter.of("", "", "", null, "rita").historyQuery().assignee()).isEqualTo("rita");
		assertThatThrownBy(() -> ListFilter.of("pending", "", "", null, "").historyQuery())
			.isInstanceOf(InvalidRequestException.class)
			.hasMessageContaining("state");
	}

	@Test
	void unknownValuesAndLongTextAreRefusedNamingTheField() {
		assertThatThrownBy(() -> ListFilter.of("done", "very", "x".repeat(201), "oldest", null)).isInstanceOfSatisfying(
				InvalidRequestException.class,
				(ex) -> assertThat(ex.violations()).extracting(InvalidRequestException.FieldViolation::field)
					.containsExactly("state", "priority", "q", "sort"));
	}

	@Test
	void searchTermsWithControlCharactersAreRefusedBeforeTheyReachTheDatabase() {
		assertThatThrownBy(() -> ListFilter.of("", "", "refund\u0000", null, "rita\u0007")).isInstanceOfSatisfying(
				InvalidRequestException.class,
				(ex) -> assertThat(ex.violations()).extracting(InvalidRequestException.FieldViolation::field)
					.containsExactly("q", "reviewer"));
	}

	@Test
	void linksKeepTheFiltersEncoded() {
		ListFilter filter = ListFilter.of("", "high", "a+b & c=d", "", null);
		assertThat(filter.link("/dashboard", Map.of("page", "2")))
			.isEqualTo("/dashboard?priority=high&q=a%2Bb+%26+c%3Dd&page=2");
		assertThat(ListFilter.of(null, null, null, null, null).link("/history", Map.of())).isEqualTo("/history");
	}

}
