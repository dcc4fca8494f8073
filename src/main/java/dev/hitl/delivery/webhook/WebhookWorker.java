package dev.hitl.delivery.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.apikey.ApiKeyManagement;
import dev.hitl.workflow.ProcessVariables;
import dev.hitl.workflow.TopicWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Topic {@code deliverWebhook}: sends the consultation's terminal event to its
 * {@code callback_url}, signed with the key's {@code whsec_} secret. The webhook id is
 * derived from consultation and event type, so every attempt, on any node, carries the
 * same id and receivers can deduplicate.
 */
@Component
class WebhookWorker implements TopicWorker {

	private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);

	private final ConsultationSnapshots consultations;

	private final ApiKeyManagement apiKeys;

	private final WebhookSender sender;

	private final WebhookSettings settings;

	private final ObjectMapper json;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final WebhookMetrics metrics;

	WebhookWorker(ConsultationSnapshots consultations, ApiKeyManagement apiKeys, WebhookSender sender,
			WebhookSettings settings, ObjectMapper json, ApplicationEventPublisher events,
			TransactionTemplate transaction, WebhookMetrics metrics) {
		this.consultations = consultations;
		this.apiKeys = apiKeys;
		this.sender = sender;
		this.settings = settings;
		this.json = json;
		this.events = events;
		this.transaction = transaction;
		this.metrics = metrics;
	}

	@Override
	public String topic() {
		return ProcessVariables.TOPIC_DELIVER_WEBHOOK;
	}

	@Override
	public List<String> variables() {
		return List.of(ProcessVariables.CONSULTATION_ID, ProcessVariables.EVENT_TYPE);
	}

	@Override
	public Duration lockDuration() {
		return this.settings.lockDuration();
	}

	@Override
	public int concurrency() {
		return this.settings.concurrency();
	}

	@Override
	public WorkResult work(WorkItem item) {
		String consultationId = item.businessKey();
		String eventType = item.variable(ProcessVariables.EVENT_TYPE);
		// The business key names the consultation; the instance check keeps a process
		// from speaking for another consultation.
		Optional<Snapshot> found = (consultationId != null)
				? this.consultations.find(consultationId)
					.filter((snapshot) -> item.processInstanceId().equals(snapshot.processInstanceId()))
				: Optional.empty();
		if (found.isEmpty() || found.get().callbackUrl() == null) {
			// Nothing to deliver: no consultation behind this process or no callback
			// asked for.
			return WorkResult.completed();
		}
		if (eventType == null) {
			return WorkResult.failed("The process gave no eventType for deliverWebhook");
		}
		Snapshot consultation = found.get();
		String webhookId = webhookId(consultationId, eventType);
		Optional<String> secret = this.apiKeys.webhookSecret(consultation.apiKeyId());
		WebhookSender.Outcome outcome = secret.isPresent()
				? this.sender.send(consultation.callbackUrl(), webhookId, payload(eventType, consultation),
						secret.get())
				: WebhookSender.Outcome.failed(0, "The API key that created the consultation no longer exists", null,
						true);
		this.metrics.attempt(metricResult(outcome), eventTime(consultation));
		if (outcome.delivered()) {
			record(consultationId, item.processInstanceId(), "delivered", null,
					new WebhookDelivered(consultationId, webhookId, eventType, outcome.status()));
			return WorkResult.completed();
		}
		WorkResult result = outcome.permanent() ? WorkResult.failed(outcome.error()) : TopicWorker
			.failure(outcome.error(), item.retriesLeft(), this.settings.retrySchedule(), outcome.retryAfter());
		boolean last = result instanceof WorkResult.Failed;
		if (last) {
			this.metrics.failed();
		}
		log.info("Webhook {} for consultation {} failed{}: {}", webhookId, consultationId, last ? " for good" : "",
				outcome.error());
		record(consultationId, item.processInstanceId(), last ? "failed" : "pending", outcome.error(),
				last ? new WebhookFailed(consultationId, webhookId, eventType, outcome.error()) : null);
		return result;
	}

	private static String metricResult(WebhookSender.Outcome outcome) {
		if (outcome.delivered()) {
			return "delivered";
		}
		if (outcome.status() > 0) {
			return "rejected";
		}
		return outcome.permanent() ? "refused" : "unreachable";
	}

	/** When the consultation reached the state this webhook reports. */
	private static java.time.Instant eventTime(Snapshot consultation) {
		com.fasterxml.jackson.databind.JsonNode updatedAt = consultation.resource().get("updated_at");
		try {
			return (updatedAt != null && updatedAt.isTextual()) ? java.time.Instant.parse(updatedAt.asText()) : null;
		}
		catch (java.time.format.DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * Events of a consultation still pending: their success is not the delivery of its
	 * outcome, which {@code callback.status} reports.
	 */
	private static final java.util.Set<String> NOT_TERMINAL = java.util.Set.of("consultation.escalated");

	static String webhookId(String consultationId, String eventType) {
		return "msg_" + UUID.nameUUIDFromBytes((consultationId + "/" + eventType).getBytes(StandardCharsets.UTF_8))
			.toString()
			.replace("-", "");
	}

	private byte[] payload(String eventType, Snapshot consultation) {
		ObjectNode payload = this.json.createObjectNode();
		payload.put("type", eventType);
		payload.set("timestamp", consultation.resource().get("updated_at"));
		payload.set("data", consultation.resource());
		try {
			return this.json.writeValueAsBytes(payload);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void record(String consultationId, String processInstanceId, String status, String error, Object event) {
		boolean terminal = !(event instanceof WebhookDelivered delivered
				&& NOT_TERMINAL.contains(delivered.eventType()))
				&& !(event instanceof WebhookFailed failed && NOT_TERMINAL.contains(failed.eventType()));
		this.transaction.executeWithoutResult((tx) -> {
			if (terminal || !"delivered".equals(status)) {
				this.consultations.recordWebhookAttempt(consultationId, processInstanceId, status, error);
			}
			if (event != null) {
				this.events.publishEvent(event);
			}
		});
	}

}
