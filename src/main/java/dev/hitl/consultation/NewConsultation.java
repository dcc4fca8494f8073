package dev.hitl.consultation;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hitl.consultation.Consultation.Option;

/** A create request that passed every field rule. */
record NewConsultation(String title, String description, String responseType, List<Option> options, ObjectNode context,
		String priority, Duration timeout, List<String> reviewerGroups, List<String> reviewerUsers, String callbackUrl,
		String externalRef, String process, String requestedBy, ReviewPolicies policies) {
}
