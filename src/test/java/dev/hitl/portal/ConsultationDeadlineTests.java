package dev.hitl.portal;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.hitl.ApiTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consultation page names the deadline that applies now: the review's, or once it
 * escalated (which moves {@code expires_at} on) the escalated stage's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ConsultationDeadlineTests extends ApiTestSupport {

	@Test
	void thePageShowsTheDeadlineAndOnceEscalatedTheEscalatedDeadline() {
		String user = uniqueId("rev");
		String group = uniqueId("grp");
		newReviewer(user, group);
		String agent = newAgent();
		String id = create(agent, Map.of("title", "Refund order 1042?", "timeout", "PT2H", "reviewers",
				reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		Instant expiresAt = Instant.parse(get(agent, id).get("expires_at").asText());
		PortalClient reviewer = new PortalClient(this.port);
		reviewer.signIn(user, "pw-" + user + "-secret");

		HttpResponse<String> page = reviewer.get("/consultations/" + id);
		assertThat(page.body())
			.contains("<li class=\"deadline\"><span>Deadline</span> <time datetime=\"" + expiresAt + "\"")
			.contains("in 1 h 59 min")
			.doesNotContain("Escalated deadline");

		// What an escalation records (ConsultationRepository.escalate): the new stage's
		// deadline in expires_at, and when it escalated.
		Instant escalatedDeadline = Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		this.jdbc.update("update consultation set expires_at = ?, escalated_at = ? where id = ?",
				Timestamp.from(escalatedDeadline), Timestamp.from(Instant.now()), UUID.fromString(id));
		HttpResponse<String> escalated = reviewer.get("/consultations/" + id);
		assertThat(escalated.body())
			.contains("<li class=\"deadline\"><span>Escalated deadline</span> <time datetime=\"" + escalatedDeadline
					+ "\"")
			.contains(Formats.utc(escalatedDeadline))
			.contains("in 5 h 59 min");
	}

}
