package dev.hitl.consultation;

import dev.hitl.workflow.ReviewerDirectory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The group consultations go to when the agent names no reviewers exists from the start.
 */
@Component
class DefaultReviewerGroup implements SmartInitializingSingleton {

	private final ReviewerDirectory directory;

	private final ConsultationSettings settings;

	DefaultReviewerGroup(ReviewerDirectory directory, ConsultationSettings settings) {
		this.directory = directory;
		this.settings = settings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.directory.ensureReviewerGroup(this.settings.defaultReviewerGroup());
	}

}
