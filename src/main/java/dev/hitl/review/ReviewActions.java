package dev.hitl.review;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.hitl.consultation.Answer;
import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.ConsultationManagement;
import dev.hitl.security.Reviewer;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.workflow.AnswerRefusedException;
import dev.hitl.workflow.ConsultationWorkflow;
import dev.hitl.workflow.ConsultationWorkflow.ReviewTask;
import dev.hitl.workflow.EngineTransactions;
import dev.hitl.workflow.ProcessVariables;
import dev.hitl.workflow.TaskConflictException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Claim, unclaim and respond for one reviewer. A consultation the reviewer is not a
 * reviewer of does not exist for them (404); one that has ended, or whose task someone
 * else holds, is a conflict (409).
 */
@Service
public class ReviewActions {

	private final ConsultationManagement consultations;

	private final ConsultationWorkflow workflow;

	private final EngineTransactions transactions;

	ReviewActions(ConsultationManagement consultations, ConsultationWorkflow workflow,
			EngineTransactions transactions) {
		this.consultations = consultations;
		this.workflow = workflow;
		this.transactions = transactions;
	}

	@Transactional
	public Consultation claim(Reviewer reviewer, UUID id) {
		ReviewTask task = openTask(reviewable(reviewer, id));
		if (task.assignee() == null) {
			try {
				this.workflow.claim(task.id(), reviewer.id());
			}
			catch (TaskConflictException ex) {
				throw ApiProblem.conflict(ex.getMessage());
			}
		}
		else if (!task.assignee().equals(reviewer.id())) {
			throw ApiProblem.conflict("The consultation is claimed by another reviewer");
		}
		return reviewable(reviewer, id);
	}

	@Transactional
	public Consultation unclaim(Reviewer reviewer, UUID id) {
		ReviewTask task = openTask(reviewable(reviewer, id));
		if (task.assignee() != null && !task.assignee().equals(reviewer.id()) && !reviewer.admin()) {
			throw ApiProblem.conflict("The consultation is claimed by another reviewer");
		}
		if (task.assignee() != null) {
			try {
				this.workflow.unclaim(task.id());
			}
			catch (TaskConflictException ex) {
				throw ApiProblem.conflict(ex.getMessage());
			}
		}
		return reviewable(reviewer, id);
	}

	/**
	 * Answers in its own transaction; a transient collision with the engine's own work on
	 * the same process is retried, so a reviewer never sees it.
	 */
	public Consultation respond(Reviewer reviewer, UUID id, Answer answer, String channel) {
		try {
			return this.transactions.run(() -> respondOnce(reviewer, id, answer, channel));
		}
		catch (TaskConflictException ex) {
			throw ApiProblem.conflict(ex.getMessage());
		}
	}

	private Consultation respondOnce(Reviewer reviewer, UUID id, Answer answer, String channel) {
		Consultation consultation = reviewable(reviewer, id);
		Answer normalized = answer.normalized();
		normalized.problemFor(consultation).ifPresent((problem) -> {
			throw new InvalidRequestException(fieldOf(consultation), problem);
		});
		ReviewTask task = openTask(consultation);
		if (task.assignee() != null && !Objects.equals(task.assignee(), reviewer.id())) {
			throw ApiProblem.conflict("The consultation is claimed by another reviewer");
		}
		Map<String, String> variables = new HashMap<>();
		variables.put(ProcessVariables.DECISION, normalized.decision());
		variables.put(ProcessVariables.CHOICE, normalized.choice());
		variables.put(ProcessVariables.TEXT, normalized.text());
		variables.put(ProcessVariables.COMMENT, normalized.comment());
		try {
			this.workflow.complete(task.id(), reviewer.id(), channel, variables);
		}
		catch (AnswerRefusedException ex) {
			throw new InvalidRequestException(fieldOf(consultation), ex.getMessage());
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
		return this.workflow.openTask(consultation.processInstanceId())
			.orElseThrow(() -> ApiProblem.conflict("The consultation has no open review task"));
	}

	private static String fieldOf(Consultation consultation) {
		return switch (consultation.responseType()) {
			case "choice" -> "choice";
			case "text" -> "text";
			default -> "decision";
		};
	}

}
