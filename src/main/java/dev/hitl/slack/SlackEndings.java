package dev.hitl.slack;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import dev.hitl.consultation.ConsultationCancelled;
import dev.hitl.consultation.ConsultationResponded;
import dev.hitl.consultation.ConsultationTimedOut;
import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.system.PublicUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Updates every Slack message of a consultation to show how it ended, however it ended
 * (answered on any channel, timed out, cancelled). The end marks the messages in its own
 * transaction, so the intent is never lost; right after the commit they are updated, and
 * a sweep on every node retries what failed (Slack down, 429 with its
 * {@code Retry-After}). {@code chat.update} is idempotent, so an update that ran twice
 * does no harm; a claim keeps two nodes from doing it at once.
 */
@Component
class SlackEndings {

	private static final Logger log = LoggerFactory.getLogger(SlackEndings.class);

	/** How long one update attempt holds its message against other nodes' sweeps. */
	private static final Duration HOLD = Duration.ofMinutes(2);

	private final SlackApi slack;

	private final SlackMessages messages;

	private final ConsultationSnapshots consultations;

	private final PublicUrl publicUrl;

	private final SlackTasks tasks;

	private final Clock clock;

	SlackEndings(SlackApi slack, SlackMessages messages, ConsultationSnapshots consultations, PublicUrl publicUrl,
			SlackTasks tasks, Clock clock) {
		this.slack = slack;
		this.messages = messages;
		this.consultations = consultations;
		this.publicUrl = publicUrl;
		this.tasks = tasks;
		this.clock = clock;
	}

	@EventListener
	void on(ConsultationResponded event) {
		mark(event.consultationId(), "responded");
	}

	@EventListener
	void on(ConsultationTimedOut event) {
		mark(event.consultationId(), "timed_out");
	}

	@EventListener
	void on(ConsultationCancelled event) {
		mark(event.consultationId(), "cancelled");
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void afterCommit(ConsultationResponded event) {
		updateSoon(event.consultationId());
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void afterCommit(ConsultationTimedOut event) {
		updateSoon(event.consultationId());
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void afterCommit(ConsultationCancelled event) {
		updateSoon(event.consultationId());
	}

	/** Marks the messages recorded after the end was (a send that raced the end). */
	void ended(UUID consultationId, String state) {
		if (this.messages.markEnded(consultationId, state) > 0) {
			updateSoon(consultationId);
		}
	}

	@Scheduled(initialDelayString = "PT20S", fixedDelayString = "PT15S")
	void sweep() {
		if (this.slack.enabled()) {
			update(null);
		}
	}

	private void mark(UUID consultationId, String state) {
		if (this.slack.enabled()) {
			this.messages.markEnded(consultationId, state);
		}
	}

	private void updateSoon(UUID consultationId) {
		if (this.slack.enabled()) {
			this.tasks.run(() -> update(consultationId));
		}
	}

	private void update(UUID consultationId) {
		try {
			for (SlackMessages.Message message : this.messages.dueUpdates(consultationId, 50)) {
				if (this.messages.claim(message, HOLD)) {
					updateOne(message);
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Slack message updates failed: {}", ex.getClass().getSimpleName());
		}
	}

	private void updateOne(SlackMessages.Message message) {
		var consultation = this.consultations.find(message.consultationId().toString());
		if (consultation.isEmpty()) {
			this.messages.updated(message);
			return;
		}
		String link = this.publicUrl.link("/consultations/" + message.consultationId());
		try {
			this.slack.update(message.channel(), message.ts(), SlackBlocks.outcome(consultation.get()),
					SlackBlocks.ended(consultation.get(), link));
			this.messages.updated(message);
		}
		catch (SlackApi.SlackFailure ex) {
			Duration wait = (ex.retryAfter() != null) ? ex.retryAfter()
					: Duration.ofSeconds(Math.min(3600, 10L << Math.min(message.attempts(), 9)));
			log.info("Slack message update for consultation {} failed ({}), next try in {}", message.consultationId(),
					ex.getMessage(), wait);
			this.messages.retryAt(message, this.clock.instant().plus(wait));
		}
	}

}
