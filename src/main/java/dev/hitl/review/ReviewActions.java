package dev.hitl.review;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.hitl.consultation.Answer;
import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.ConsultationManagement;
import dev.hitl.consultation.ReviewerScope;
import dev.hitl.security.Reviewer;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.workflow.AnswerRefusedException;
import dev.hitl.workflow.ConsultationWorkflow;
import dev.hitl.workflow.ConsultationWorkflow.Actor;
import dev.hitl.workflow.ConsultationWorkflow.ReviewTask;
import dev.hitl.workflow.EngineTransactions;
import dev.hitl.workflow.ProcessVariables;
import dev.hitl.workflow.TaskConflictException;
import dev.hitl.workflow.TaskRefusedException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Claim, unclaim and respond for one reviewer. A consultation the reviewer is not a
 * reviewer of does not exist for them (404); the person it was requested for may never
 * act on it (403); one that has ended, or whose task someone else holds, is a conflict
 * (409) that says what won.
 * <p>
 * Each action runs in its own transaction, retried when it collided with the engine's own
 * work on the same process; the engine works the task as the reviewer, so its rules hold
 * here as in Tasklist.
 */
@Service
public class ReviewActions {

	private static final String CLAIMED_BY_ANOTHER = "The consultation is claimed by another reviewer";

	private final ConsultationManagement consultations;

	private final ConsultationWorkflow workflow;

	private final EngineTransactions transactions;

	ReviewActions(ConsultationManagement consultations, ConsultationWorkflow workflow,
			EngineTransactions transactions) {
		this.consultations = consultations;
		this.workflow = workflow;
		this.transactions = transactions;
	}

	public Consultation claim(Reviewer reviewer, UUID id) {
		return act(id, () -> {
			ReviewTask task = openTask(actionable(reviewer, id));
			if (task.assignee() == null) {
				this.workflow.claim(task.id(), actor(reviewer));
			}
			else if (!task.assignee().equals(reviewer.id())) {
				throw ApiProblem.conflict(CLAIMED_BY_ANOTHER);
			}
			return reviewable(reviewer, id);
		});
	}

	public Consultation unclaim(Reviewer reviewer, UUID id) {
		return act(id, () -> {
			ReviewTask task = openTask(actionable(reviewer, id));
			if (task.assignee() != null && !task.assignee().equals(reviewer.id()) && !reviewer.admin()) {
				throw ApiProblem.conflict(CLAIMED_BY_ANOTHER);
			}
			if (task.assignee() != null) {
				this.workflow.unclaim(task.id(), actor(reviewer));
			}
			return reviewable(reviewer, id);
		});
	}

	public Consultation respond(Reviewer reviewer, UUID id, Answer answer, String channel) {
		return act(id, () -> respondOnce(reviewer, id, answer, channel));
	}

	private Consultation respondOnce(Reviewer reviewer, UUID id, Answer answer, String channel) {
		Consultation consultation = actionable(reviewer, id);
		Answer normalized = answer.normalized();
		normalized.problemFor(consultation).ifPresent((problem) -> {
			throw new InvalidRequestException(fieldOf(consultation), problem);
		});
		ReviewTask task = openTask(consultation);
		if (task.assignee() != null && !Objects.equals(task.assignee(), reviewer.id())) {
			throw ApiProblem.conflict(CLAIMED_BY_ANOTHER);
		}
		Map<String, String> variables = new HashMap<>();
		variables.put(ProcessVariables.DECISION, normalized.decision());
		variables.put(ProcessVariables.CHOICE, normalized.choice());
		variables.put(ProcessVariables.TEXT, normalized.text());
		variables.put(ProcessVariables.COMMENT, normalized.comment());
		try {
			this.workflow.complete(task.id(), actor(reviewer), channel, variables);
		}
		catch (AnswerRefusedException ex) {
			throw new InvalidRequestException(fieldOf(consultation), ex.getMessage());
		}
		return reviewable(reviewer, id);
	}

	/**
	 * Runs one action in a transaction of its own; whatever it lost to, a rival answer,
	 * the timer, a cancel or another claim, is read once that transaction has rolled
	 * back.
	 */
	private Consultation act(UUID id, Supplier<Consultation> action) {
		try {
			return this.transactions.run(action);
		}
		catch (ApiProblem | InvalidRequestException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// Even a refusal may only be the trace of a rival that won: a completed task
			// takes its authorizations with it.
			Optional<String> ended = this.consultations.find(ReviewerScope.all(), id)
				.filter((consultation) -> !consultation.isPending())
				.map(Consultation::state);
			if (ended.isPresent()) {
				throw ApiProblem.conflict("The consultation is already " + ended.get());
			}
			if (ex instanceof TaskRefusedException) {
				throw new ApiProblem(HttpStatus.FORBIDDEN, ex.getMessage());
			}
			if (ex instanceof TaskConflictException) {
				throw ApiProblem.conflict(ex.getMessage());
			}
			throw ex;
		}
	}

	/**
	 * The consultation if the reviewer may act on it: one of its reviewers, and not the
	 * person it was requested for.
	 */
	private Consultation actionable(Reviewer reviewer, UUID id) {
		Consultation consultation = this.consultations.find(ReviewerScope.all(), id)
			.orElseThrow(() -> ApiProblem.notFound("Consultation"));
		if (reviewer.id().equals(consultation.requestedBy())) {
			throw new ApiProblem(HttpStatus.FORBIDDEN,
					"The consultation was requested for you, so you cannot claim or answer it");
		}
		return reviewable(reviewer, id);
	}

	private Consultation reviewable(Reviewer reviewer, UUID id) {
		return this.consultations.findReviewable(id, reviewer.id(), reviewer.groups())
			.orElseThrow(() -> ApiProblem.notFound("Consultation"));
	}

	private ReviewTask openTask(Consultation consultation) {
		if (!consultation.isPending()) {
			throw ApiProblem.conflict("The consultation is already " + consultation.state());
		}
		// Without a task, the timer or a rival may have ended it since the read above:
		// act() reads what won.
		return this.workflow.openTask(consultation.processInstanceId())
			.orElseThrow(() -> new TaskConflictException("The consultation has no open review task", null));
	}

	private static Actor actor(Reviewer reviewer) {
		return new Actor(reviewer.id(), reviewer.groups());
	}

	private static String fieldOf(Consultation consultation) {
		return switch (consultation.responseType()) {
			case "choice" -> "choice";
			case "text" -> "text";
			default -> "decision";
		};
	}

}
