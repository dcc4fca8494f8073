package dev.hitl.consultation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.consultation.Consultation.Response;
import dev.hitl.system.HitlMetrics;
import dev.hitl.workflow.AnswerRefusedException;
import dev.hitl.workflow.ConsultationProcessEnded;
import dev.hitl.workflow.ReviewTaskAssigned;
import dev.hitl.workflow.ReviewTaskCompleted;
import dev.hitl.workflow.ReviewTaskDisplay;
import dev.hitl.workflow.ReviewTimedOut;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Moves the read model with the process. Listeners run synchronously inside the engine's
 * command, so the consultation's state commits with the process step or not at all,
 * whether the step came from Tasklist, the engine's REST API, the reviewer API or a
 * timer.
 */
@Component
class ProcessProgress implements ReviewTaskDisplay {

	private final ConsultationRepository repository;

	private final ObjectMapper json;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final HitlMetrics metrics;

	ProcessProgress(ConsultationRepository repository, ObjectMapper json, Clock clock, ApplicationEventPublisher events,
			HitlMetrics metrics) {
		this.repository = repository;
		this.json = json;
		this.clock = clock;
		this.events = events;
		this.metrics = metrics;
	}

	@EventListener
	void on(ReviewTaskCompleted event) {
		// A process started without a consultation, or a later task of a process whose
		// consultation is already answered, does not change the read model.
		Consultation consultation = find(event.consultationId(), event.processInstanceId())
			.filter(Consultation::isPending)
			.orElse(null);
		if (consultation == null) {
			return;
		}
		Answer answer = new Answer(event.decision(), event.choice(), event.text(), event.comment()).normalized();
		answer.problemFor(consultation).ifPresent((problem) -> {
			throw new AnswerRefusedException(problem);
		});
		Instant now = now();
		Response response = new Response(answer.decision(), answer.choice(), answer.text(), answer.comment(),
				event.respondedBy(), now, event.channel());
		if (!this.repository.finish(consultation.id(), "responded", response, now)) {
			throw new AnswerRefusedException("The consultation is no longer pending");
		}
		this.events.publishEvent(new ConsultationResponded(consultation.id(), event.respondedBy(), event.channel(),
				answer.decision(), answer.choice()));
		this.metrics.consultationAnswered(consultation.process(), consultation.priority(), event.channel(),
				answer.decision(), consultation.createdAt());
	}

	@EventListener
	void on(ReviewTaskAssigned event) {
		find(event.consultationId(), event.processInstanceId()).filter(Consultation::isPending)
			.filter((consultation) -> !java.util.Objects.equals(consultation.assignee(), event.assignee()))
			.ifPresent((consultation) -> {
				this.repository.assign(consultation.id(), event.assignee(), now());
				this.events.publishEvent(
						(event.assignee() != null) ? new ConsultationClaimed(consultation.id(), event.assignee())
								: new ConsultationUnclaimed(consultation.id(), consultation.assignee()));
			});
	}

	@EventListener
	void on(ReviewTimedOut event) {
		find(event.consultationId(), event.processInstanceId())
			.filter((c) -> this.repository.finish(c.id(), "timed_out", null, now()))
			.ifPresent((c) -> {
				this.events.publishEvent(new ConsultationTimedOut(c.id()));
				this.metrics.consultationTimedOut(c.process(), c.priority());
			});
	}

	/** A process that ends, or is deleted, while its consultation is open cancels it. */
	@EventListener
	void on(ConsultationProcessEnded event) {
		find(event.consultationId(), event.processInstanceId()).filter(Consultation::isPending)
			.filter((c) -> this.repository.finish(c.id(), "cancelled", null, now()))
			.ifPresent((c) -> {
				this.events.publishEvent(new ConsultationCancelled(c.id(), null, ConsultationCancelled.PROCESS_ENDED));
				this.metrics.consultationCancelled(c.process(), c.priority());
			});
	}

	@Override
	public Optional<Details> detailsOf(String consultationId) {
		return find(consultationId).map((c) -> new Details(c.title(), c.description(), c.priority(), c.responseType(),
				write(c.options()), prettyContext(c)));
	}

	private String prettyContext(Consultation consultation) {
		try {
			return this.json.writerWithDefaultPrettyPrinter().writeValueAsString(consultation.context());
		}
		catch (JsonProcessingException ex) {
			return "{}";
		}
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Only the consultation whose own process this is; while the process is being started
	 * the consultation does not know its instance id yet.
	 */
	private Optional<Consultation> find(String consultationId, String processInstanceId) {
		return find(consultationId)
			.filter((c) -> c.processInstanceId() == null || c.processInstanceId().equals(processInstanceId));
	}

	private Optional<Consultation> find(String consultationId) {
		try {
			return this.repository.findById(UUID.fromString(consultationId));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
