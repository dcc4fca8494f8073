package dev.hitl.consultation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.hitl.consultation.Consultation.Callback;
import dev.hitl.consultation.Consultation.Reviewers;
import dev.hitl.security.Agent;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;
import dev.hitl.workflow.ConsultationWorkflow;
import dev.hitl.workflow.ConsultationWorkflow.StartVariables;
import dev.hitl.workflow.EngineTransactions;
import dev.hitl.workflow.TaskConflictException;
import dev.hitl.workflow.ProcessVariables;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, reading and cancelling consultations. Each write joins one transaction with
 * the engine call it makes, so a consultation never exists without its process.
 */
@Service
public class ConsultationManagement {

	private final ConsultationRepository repository;

	private final ConsultationWorkflow workflow;

	private final EngineTransactions transactions;

	private final ApplicationEventPublisher events;

	private final ConsultationMetrics metrics;

	private final ConsultationSearch search;

	ConsultationManagement(ConsultationRepository repository, ConsultationWorkflow workflow,
			EngineTransactions transactions, ApplicationEventPublisher events, ConsultationMetrics metrics,
			ConsultationSearch search) {
		this.repository = repository;
		this.search = search;
		this.workflow = workflow;
		this.transactions = transactions;
		this.events = events;
		this.metrics = metrics;
	}

	@Transactional
	Consultation create(Agent agent, NewConsultation request) {
		String process = (request.process() != null) ? request.process() : ProcessVariables.DEFAULT_PROCESS;
		if (!this.workflow.processExists(process)) {
			throw new InvalidRequestException("process", "no deployed process has the key '" + process + "'");
		}
		Instant now = now();
		UUID id = UUID.randomUUID();
		Consultation consultation = new Consultation(id, Consultation.PENDING, request.title(), request.description(),
				request.responseType(), request.options(), request.context(), request.priority(), request.externalRef(),
				process, new Reviewers(request.reviewerGroups(), request.reviewerUsers()), null, now, now,
				now.plus(request.timeout()), null,
				new Callback(request.callbackUrl(), (request.callbackUrl() != null) ? "pending" : "none", 0, null),
				request.requestedBy(), request.policies().onTimeout(), request.policies().reminderTexts(),
				request.policies().approvalsRequired(), null, agent.owner(), agent.apiKeyId(), null, 0);
		this.repository.insert(consultation, request.timeout().toString());
		String processInstanceId = this.workflow.start(process, id.toString(),
				new StartVariables(request.timeout().toString(), request.reviewerGroups(), request.reviewerUsers(),
						request.priority(), request.policies().processPolicy()));
		this.repository.setProcessInstance(id, processInstanceId);
		this.events
			.publishEvent(new ConsultationCreated(id, agent.owner(), agent.apiKeyId(), process, processInstanceId));
		this.metrics.created(process, request.priority());
		return this.repository.findById(id).orElseThrow();
	}

	Optional<Consultation> find(String owner, UUID id) {
		return this.repository.findByOwner(id, owner);
	}

	PageResponse<Consultation> list(String owner, ConsultationFilter filter, PageRequest page) {
		List<Consultation> items = this.repository.findByOwner(owner, filter, page);
		long total = (page.page() == 1 && items.size() < page.pageSize()) ? items.size()
				: this.repository.countByOwner(owner, filter);
		return PageResponse.of(items, total, page);
	}

	/** Retried when it collides with the engine's own work on the same process. */
	Consultation cancel(String owner, UUID id) {
		try {
			Consultation cancelled = this.transactions.run(() -> cancelOnce(owner, id));
			this.metrics.cancelled(cancelled.process(), cancelled.priority());
			return cancelled;
		}
		catch (TaskConflictException ex) {
			throw ApiProblem.conflict(ex.getMessage());
		}
	}

	private Consultation cancelOnce(String owner, UUID id) {
		Consultation consultation = find(owner, id).orElseThrow(() -> ApiProblem.notFound("Consultation"));
		if (!this.repository.finish(id, "cancelled", null, now())) {
			// What won (an answer, the timer) committed after the read above.
			String won = this.repository.findById(id).map(Consultation::state).orElse(consultation.state());
			throw ApiProblem.conflict("The consultation is already " + won);
		}
		this.workflow.cancel(consultation.processInstanceId());
		this.events.publishEvent(new ConsultationCancelled(id, owner, ConsultationCancelled.BY_AGENT));
		return this.repository.findById(id).orElseThrow();
	}

	/** Consultations a reviewer may act on, most urgent and newest first. */
	public PageResponse<Consultation> reviewable(String userId, List<String> groups, String state, PageRequest page) {
		List<Consultation> items = this.repository.findReviewable(userId, groups, state, page);
		return PageResponse.of(items, this.repository.countReviewable(userId, groups, state), page);
	}

	/**
	 * The consultation if the reviewer is one of its reviewers; otherwise empty (404).
	 */
	public Optional<Consultation> findReviewable(UUID id, String userId, List<String> groups) {
		if (!this.repository.isReviewer(id, userId, groups)) {
			return Optional.empty();
		}
		return this.repository.findById(id);
	}

	/**
	 * One page of the consultations a reader may see, filtered and sorted as the query
	 * says.
	 */
	public PageResponse<Consultation> search(ReviewerScope scope, ConsultationQuery query, PageRequest page) {
		List<Consultation> items = this.search.find(scope, query, page.pageSize(), page.offset());
		long total = (page.page() == 1 && items.size() < page.pageSize()) ? items.size()
				: this.search.count(scope, query);
		return PageResponse.of(items, total, page);
	}

	/** The consultation if the reader's scope includes it; otherwise empty (404). */
	public Optional<Consultation> find(ReviewerScope scope, UUID id) {
		return scope.everyone() ? this.repository.findById(id) : findReviewable(id, scope.userId(), scope.groups());
	}

	/** At most {@code limit} consultations, without counting them all. */
	public List<Consultation> searchFirst(ReviewerScope scope, ConsultationQuery query, int limit) {
		return this.search.find(scope, query, limit, 0);
	}

	public long count(ReviewerScope scope, ConsultationQuery query) {
		return this.search.count(scope, query);
	}

	/** Consultations whose webhook failed after its last retry, latest first (admins). */
	public PageResponse<Consultation> failedDeliveries(PageRequest page) {
		return PageResponse.of(this.search.findFailedDeliveries(page.pageSize(), page.offset()),
				this.search.countFailedDeliveries(), page);
	}

	/** On the database's clock, which differential polling relies on. */
	private Instant now() {
		return this.repository.now();
	}

}
