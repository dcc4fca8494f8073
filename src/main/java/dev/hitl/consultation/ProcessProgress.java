package dev.hitl.consultation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.consultation.Consultation.Approval;
import dev.hitl.consultation.Consultation.OnTimeout;
import dev.hitl.consultation.Consultation.Response;
import dev.hitl.consultation.Consultation.Reviewers;
import dev.hitl.workflow.AnswerRefusedException;
import dev.hitl.workflow.CancelMessageReceived;
import dev.hitl.workflow.ConsultationEndDelivery;
import dev.hitl.workflow.ConsultationProcessEnded;
import dev.hitl.workflow.ReviewEscalated;
import dev.hitl.workflow.ReviewTaskAssigned;
import dev.hitl.workflow.ReviewTaskCompleted;
import dev.hitl.workflow.ReviewTaskDisplay;
import dev.hitl.workflow.ReviewTimedOut;
import dev.hitl.workflow.TaskConflictException;

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

	static final String DECIDED_BY_REVIEWER = "reviewer";

	static final String DECIDED_BY_TIMEOUT = "timeout";

	private final ConsultationRepository repository;

	private final ObjectMapper json;

	private final ApplicationEventPublisher events;

	private final ConsultationMetrics metrics;

	private final ConsultationEndDelivery endDelivery;

	ProcessProgress(ConsultationRepository repository, ObjectMapper json, ApplicationEventPublisher events,
			ConsultationMetrics metrics, ConsultationEndDelivery endDelivery) {
		this.repository = repository;
		this.json = json;
		this.events = events;
		this.metrics = metrics;
		this.endDelivery = endDelivery;
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
		List<Approval> approvals = new ArrayList<>(approvalsOf(consultation));
		if (event.step() != ReviewTaskCompleted.Step.LOOP_ENDED && "approval".equals(consultation.responseType())) {
			if (approvals.stream().anyMatch((approval) -> approval.user().equals(event.respondedBy()))) {
				throw new TaskConflictException("You have approved this consultation already; the next approval "
						+ "must come from another reviewer", null);
			}
			approvals.add(new Approval(event.respondedBy(), answer.decision(), answer.comment(), now, event.channel()));
		}
		if (event.step() == ReviewTaskCompleted.Step.LOOP_ANSWERED) {
			if (!this.repository.recordApproval(consultation, approvals, now)) {
				throw new TaskConflictException("The consultation is already " + stateOf(consultation), null);
			}
			if (consultation.approvalsRequired() > 1) {
				this.events.publishEvent(new ConsultationApproved(consultation.id(), event.respondedBy(),
						event.channel(), answer.decision(), approvals.size(), consultation.approvalsRequired()));
			}
			return;
		}
		Response response = new Response(answer.decision(), answer.choice(), answer.text(), answer.comment(),
				event.respondedBy(), now, event.channel(), DECIDED_BY_REVIEWER, approvals);
		if (!this.repository.finish(consultation.id(), "responded", response, now)) {
			// A rival answer, the timer or a cancel committed first; this statement sees
			// it.
			throw new TaskConflictException("The consultation is already " + stateOf(consultation), null);
		}
		this.events.publishEvent(new ConsultationResponded(consultation.id(), event.respondedBy(), event.channel(),
				answer.decision(), answer.choice()));
		this.metrics.answered(consultation.process(), consultation.priority(), event.channel(), answer.decision(),
				consultation.createdAt());
	}

	private String stateOf(Consultation consultation) {
		return this.repository.findById(consultation.id()).map(Consultation::state).orElse("gone");
	}

	private static List<Approval> approvalsOf(Consultation consultation) {
		return (consultation.response() != null && consultation.response().approvals() != null)
				? consultation.response().approvals() : List.of();
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

	/**
	 * A default decision the process recorded is the timeout's, never a reviewer's: no
	 * one responded, through no channel.
	 */
	@EventListener
	void on(ReviewTimedOut event) {
		find(event.consultationId(), event.processInstanceId()).filter(Consultation::isPending).ifPresent((c) -> {
			Instant now = now();
			Response response = event.decided() ? new Response(event.decision(), event.choice(), null, null, null, now,
					null, DECIDED_BY_TIMEOUT, approvalsOf(c)) : null;
			if (this.repository.finish(c.id(), "timed_out", response, now)) {
				this.events.publishEvent(new ConsultationTimedOut(c.id()));
				this.metrics.timedOut(c.process(), c.priority());
			}
		});
	}

	/**
	 * The process escalated the review: the consultation's escalation reviewers join, its
	 * deadline becomes the escalated stage's, and it stays pending.
	 */
	@EventListener
	void on(ReviewEscalated event) {
		find(event.consultationId(), event.processInstanceId()).filter(Consultation::isPending).ifPresent((c) -> {
			OnTimeout policy = c.onTimeout();
			Reviewers added = (policy != null && policy.reviewers() != null) ? policy.reviewers()
					: new Reviewers(List.of(), List.of());
			Reviewers all = new Reviewers(union(c.reviewers().groups(), added.groups()),
					union(c.reviewers().users(), added.users()));
			Instant now = now();
			Instant expiresAt = (policy != null && policy.timeout() != null)
					? now.plus(java.time.Duration.parse(policy.timeout())) : c.expiresAt();
			Reviewers newcomers = new Reviewers(minus(all.groups(), c.reviewers().groups()),
					minus(all.users(), c.reviewers().users()));
			if (this.repository.escalate(c, all, newcomers, expiresAt, now)) {
				this.events.publishEvent(new ConsultationEscalated(c.id(), newcomers.groups(), newcomers.users()));
			}
		});
	}

	private static List<String> union(List<String> first, List<String> second) {
		java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(first);
		all.addAll(second);
		return List.copyOf(all);
	}

	private static List<String> minus(List<String> all, List<String> known) {
		return all.stream().filter((name) -> !known.contains(name)).toList();
	}

	/**
	 * The cancel message reached the process: the consultation is cancelled in the same
	 * transaction, however the message was sent (the agent's cancel has already done so).
	 */
	@EventListener
	void on(CancelMessageReceived event) {
		find(event.consultationId(), event.processInstanceId()).filter(Consultation::isPending)
			.ifPresent((c) -> cancel(c, ConsultationCancelled.CANCEL_MESSAGE));
	}

	/**
	 * A process that ends, or is deleted, while its consultation is open cancels it. And
	 * whatever the state, an agent still waiting for its webhook gets it from a delivery
	 * of its own, since the process that would have sent it is gone.
	 */
	@EventListener
	void on(ConsultationProcessEnded event) {
		Consultation consultation = find(event.consultationId(), event.processInstanceId()).orElse(null);
		if (consultation == null) {
			return;
		}
		if (consultation.isPending()) {
			cancel(consultation, ConsultationCancelled.PROCESS_ENDED);
			consultation = this.repository.findById(consultation.id()).orElseThrow();
		}
		if (consultation.isPending() || !"pending".equals(consultation.callback().status())) {
			return;
		}
		if (ConsultationEndDelivery.isEndDelivery(event.processKey())) {
			// Someone deleted the delivery itself: that is giving up on it, said as such.
			this.repository.markWebhookFailed(consultation.id(), "The delivery was deleted before it succeeded");
			return;
		}
		String delivery = this.endDelivery.start(consultation.id().toString(), "consultation." + consultation.state());
		this.repository.setProcessInstance(consultation.id(), delivery);
	}

	private void cancel(Consultation consultation, String reason) {
		if (this.repository.finish(consultation.id(), "cancelled", null, now())) {
			this.events.publishEvent(new ConsultationCancelled(consultation.id(), null, reason));
			this.metrics.cancelled(consultation.process(), consultation.priority());
		}
	}

	@Override
	public Optional<Details> detailsOf(String consultationId) {
		return find(consultationId).map((c) -> new Details(c.title(), c.description(), c.priority(), c.responseType(),
				write(c.options()), prettyContext(c), ReviewStatus.of(c)));
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

	/** On the database's clock, which differential polling relies on. */
	private Instant now() {
		return this.repository.now();
	}

}
