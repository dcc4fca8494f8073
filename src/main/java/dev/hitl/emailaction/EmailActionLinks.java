package dev.hitl.emailaction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.delivery.email.AnswerLinks;
import dev.hitl.system.PublicUrl;

import org.springframework.stereotype.Component;

/**
 * Mints a recipient's answer links as their email is rendered: approve and reject, one
 * per option, or one to a page with a text field. Only the tokens' hashes are stored.
 */
@Component
class EmailActionLinks implements AnswerLinks {

	/**
	 * A hard end even for a link nobody used: longer than the longest review (a P30D
	 * timeout, escalated by another P30D); a link stops working as soon as its
	 * consultation ends anyway.
	 */
	static final Duration LIFETIME = Duration.ofDays(61);

	static final String PATH = "/email-actions/";

	private final ActionTokenRepository tokens;

	private final PublicUrl publicUrl;

	private final Clock clock;

	EmailActionLinks(ActionTokenRepository tokens, PublicUrl publicUrl, Clock clock) {
		this.tokens = tokens;
		this.publicUrl = publicUrl;
		this.clock = clock;
	}

	@Override
	public List<AnswerLink> linksFor(Snapshot consultation, String template, String recipientUserId) {
		if (recipientUserId == null || !"pending".equals(consultation.state())) {
			return List.of();
		}
		UUID id = UUID.fromString(consultation.id());
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		List<ActionToken> stored = new ArrayList<>();
		List<AnswerLink> links = new ArrayList<>();
		for (Answerable answer : answers(consultation)) {
			String token = ActionTokens.mint();
			stored.add(new ActionToken(ActionTokens.hash(token), id, recipientUserId, template, answer.value(), now,
					null, now.plus(LIFETIME)));
			links.add(new AnswerLink(answer.label(), this.publicUrl.link(PATH + token)));
		}
		this.tokens.replace(id, recipientUserId, template, stored);
		return links;
	}

	private static List<Answerable> answers(Snapshot consultation) {
		return switch (consultation.responseType()) {
			case "choice" -> {
				List<Answerable> options = new ArrayList<>();
				for (JsonNode option : consultation.resource().path("options")) {
					options.add(new Answerable(option.path("value").asText(), option.path("label").asText()));
				}
				yield options;
			}
			case "text" -> List.of(new Answerable(null, "Write your answer"));
			default -> List.of(new Answerable("approved", "Approve"), new Answerable("rejected", "Reject"));
		};
	}

	/**
	 * @param value the decision or option value, null for text
	 */
	private record Answerable(String value, String label) {
	}

}
