package dev.hitl.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.Consultation.Option;
import dev.hitl.consultation.Consultation.Response;

/**
 * A consultation as the portal's pages show it: the resource plus the words and times a
 * reviewer reads, worked out once per request.
 */
record ConsultationView(Consultation consultation, String stateLabel, String createdText, String createdUtc,
		String expiresText, String expiresUtc, String endedText, String outcome, String respondedBy,
		String channelLabel, String respondedUtc, String timeToAnswer, String comment, String assigneeText,
		boolean claimedByMe, boolean claimedByOther) {

	static ConsultationView of(Consultation c, Instant now, String me) {
		Response response = c.response();
		boolean pending = c.isPending();
		String assignee = c.assignee();
		return new ConsultationView(c, Formats.state(c.state()), Formats.relative(c.createdAt(), now),
				Formats.utc(c.createdAt()), pending ? Formats.relative(c.expiresAt(), now) : "",
				Formats.utc(c.expiresAt()), pending ? "" : Formats.utc(c.updatedAt()), outcome(c),
				(response != null) ? response.respondedBy() : null,
				(response != null) ? Formats.channel(response.channel()) : "",
				(response != null) ? Formats.utc(response.respondedAt()) : "",
				(response != null && response.respondedAt() != null)
						? Formats.duration(Duration.between(c.createdAt(), response.respondedAt())) : "",
				(response != null) ? response.comment() : null, assigneeText(pending, assignee, me),
				pending && Objects.equals(assignee, me), pending && assignee != null && !Objects.equals(assignee, me));
	}

	public UUID id() {
		return this.consultation.id();
	}

	public String priority() {
		return this.consultation.priority();
	}

	/** The stage, approvals and requester in words (empty for a plain review). */
	public String reviewStatus() {
		return dev.hitl.consultation.ReviewStatus.of(this.consultation);
	}

	/**
	 * What the deadline that applies now is called: an escalation moves
	 * {@code expires_at} on to the escalated stage's deadline.
	 */
	public String deadlineLabel() {
		return (this.consultation.escalatedAt() != null) ? "Escalated deadline" : "Deadline";
	}

	public String escalatedUtc() {
		return Formats.utc(this.consultation.escalatedAt());
	}

	public boolean pending() {
		return this.consultation.isPending();
	}

	/** What the consultation ended with, in words: "Approved", an option's label, ... */
	static String outcome(Consultation c) {
		Response response = c.response();
		if (response == null) {
			return Formats.state(c.state());
		}
		if (response.decision() != null) {
			return "approved".equals(response.decision()) ? "Approved" : "Rejected";
		}
		if (response.choice() != null) {
			return c.options()
				.stream()
				.filter((option) -> option.value().equals(response.choice()))
				.map(Option::label)
				.findFirst()
				.orElse(response.choice());
		}
		String text = (response.text() != null) ? response.text().strip() : "";
		return (text.length() > 120) ? text.substring(0, 119) + "…" : text;
	}

	private static String assigneeText(boolean pending, String assignee, String me) {
		if (!pending || assignee == null) {
			return pending ? "Unclaimed" : "";
		}
		return Objects.equals(assignee, me) ? "Claimed by you" : "Claimed by " + assignee;
	}

}
