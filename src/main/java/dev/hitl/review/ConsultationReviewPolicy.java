package dev.hitl.review;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.ConsultationManagement;
import dev.hitl.consultation.ReviewerScope;
import dev.hitl.workflow.ReviewPolicy;

import org.springframework.stereotype.Component;

/**
 * Tells the engine's review rules who the consultation behind a process lets work on it:
 * its reviewers as created, and the person it was requested for, who never may.
 */
@Component
class ConsultationReviewPolicy implements ReviewPolicy {

	private final ConsultationManagement consultations;

	ConsultationReviewPolicy(ConsultationManagement consultations) {
		this.consultations = consultations;
	}

	private static List<String> approvers(Consultation consultation) {
		if (consultation.response() == null || consultation.response().approvals() == null) {
			return List.of();
		}
		return consultation.response()
			.approvals()
			.stream()
			.filter((approval) -> "approved".equals(approval.decision()))
			.map(Consultation.Approval::user)
			.toList();
	}

	@Override
	public Optional<Subject> subjectOf(String consultationId) {
		UUID id;
		try {
			id = UUID.fromString(consultationId);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		return this.consultations.find(ReviewerScope.all(), id)
			.map((consultation) -> new Subject(consultation.state(), consultation.reviewers().groups(),
					consultation.reviewers().users(), consultation.requestedBy(), approvers(consultation)));
	}

}
