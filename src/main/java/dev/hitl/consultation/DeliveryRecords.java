package dev.hitl.consultation;

import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.delivery.ConsultationSnapshots;

import org.springframework.stereotype.Component;

/**
 * The delivery module's access to consultations: it reads their snapshots and writes back
 * each webhook attempt and whether one is pending.
 */
@Component
class DeliveryRecords implements ConsultationSnapshots {

	private final ConsultationRepository repository;

	private final ObjectMapper json;

	DeliveryRecords(ConsultationRepository repository, ObjectMapper json) {
		this.repository = repository;
		this.json = json;
	}

	@Override
	public Optional<Snapshot> find(String consultationId) {
		return parse(consultationId).flatMap(this.repository::findById).map(this::snapshot);
	}

	@Override
	public void recordWebhookAttempt(String consultationId, String processInstanceId, String callbackStatus,
			String lastError) {
		parse(consultationId)
			.ifPresent((id) -> this.repository.recordWebhookAttempt(id, processInstanceId, callbackStatus, lastError));
	}

	@Override
	public void markWebhookPending(String consultationId) {
		parse(consultationId).ifPresent(this.repository::markWebhookPending);
	}

	private Snapshot snapshot(Consultation c) {
		Consultation.Response response = c.response();
		return new Snapshot(c.id().toString(), c.state(), c.title(), c.description(), c.priority(), c.responseType(),
				c.expiresAt(), c.callback().url(), c.apiKeyId(), c.reviewers().groups(), c.reviewers().users(),
				(response != null) ? response.respondedBy() : null, outcome(c), c.processInstanceId(),
				this.json.valueToTree(c));
	}

	/** The answer in words, for emails: "approved", "Send reply A", or the text. */
	private static String outcome(Consultation c) {
		Consultation.Response response = c.response();
		if (response == null) {
			return null;
		}
		if (response.decision() != null) {
			return response.decision();
		}
		if (response.choice() != null) {
			return c.options()
				.stream()
				.filter((option) -> option.value().equals(response.choice()))
				.map(Consultation.Option::label)
				.findFirst()
				.orElse(response.choice());
		}
		return response.text();
	}

	private static Optional<UUID> parse(String id) {
		try {
			return Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
