package dev.hitl.emailaction;

import java.time.Clock;
import java.util.Optional;

import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.ConsultationManagement;
import dev.hitl.consultation.ReviewerScope;
import dev.hitl.security.Reviewer;
import dev.hitl.workflow.ReviewerDirectory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads, without changing anything, whether an answer link can answer now: known, unused,
 * unexpired, its consultation pending, and its recipient still an account, one of the
 * consultation's reviewers (with the groups the account has now), not the person it was
 * requested for, and not one who already approved it. The review actions check all of
 * this again when the answer is recorded; this is for a page that says why not.
 */
@Component
class TokenCheck {

	static final String UNKNOWN = "This link is not valid. It may be incomplete (open it from the email again) "
			+ "or have been replaced by a newer email about the same consultation.";

	private final ActionTokenRepository tokens;

	private final ConsultationManagement consultations;

	private final ReviewerDirectory directory;

	private final Clock clock;

	TokenCheck(ActionTokenRepository tokens, ConsultationManagement consultations, ReviewerDirectory directory,
			Clock clock) {
		this.tokens = tokens;
		this.consultations = consultations;
		this.directory = directory;
		this.clock = clock;
	}

	Verdict check(String raw) {
		if (!ActionTokens.isWellFormed(raw)) {
			return Verdict.refused(HttpStatus.NOT_FOUND, UNKNOWN);
		}
		Optional<ActionToken> found = this.tokens.find(ActionTokens.hash(raw));
		Optional<Consultation> consultation = found
			.flatMap((token) -> this.consultations.find(ReviewerScope.all(), token.consultationId()));
		if (consultation.isEmpty()) {
			return Verdict.refused(HttpStatus.NOT_FOUND, UNKNOWN);
		}
		return check(found.get(), consultation.get());
	}

	private Verdict check(ActionToken token, Consultation consultation) {
		if (token.isUsed()) {
			return Verdict.refused(HttpStatus.GONE,
					"This link was used already, on " + Endings.TIME.format(token.usedAt()) + ".", consultation);
		}
		if (!consultation.isPending()) {
			return Verdict.refused(HttpStatus.GONE, "This consultation has ended.", consultation);
		}
		if (token.hasExpired(this.clock.instant())) {
			return Verdict.refused(HttpStatus.GONE, "This link has expired.", consultation);
		}
		Optional<Reviewer> reviewer = this.directory.find(token.recipient()).map(Reviewer::of);
		if (reviewer.isEmpty()) {
			return Verdict.refused(HttpStatus.FORBIDDEN, "The account this email was sent to no longer exists.");
		}
		String me = reviewer.get().id();
		if (me.equals(consultation.requestedBy())) {
			return Verdict.refused(HttpStatus.FORBIDDEN,
					"This consultation was requested for you, so you cannot answer it.", consultation);
		}
		if (this.consultations.findReviewable(consultation.id(), me, reviewer.get().groups()).isEmpty()) {
			return Verdict.refused(HttpStatus.FORBIDDEN, "You are no longer among this consultation's reviewers.");
		}
		if (consultation.approvedBy(me)) {
			return Verdict.refused(HttpStatus.CONFLICT,
					"You approved this consultation already; the next approval must come from another reviewer.",
					consultation);
		}
		if (consultation.assignee() != null && !consultation.assignee().equals(me)) {
			return Verdict.refused(HttpStatus.CONFLICT,
					"Another reviewer has claimed this consultation; you can answer once they release it.",
					consultation);
		}
		return Verdict.usable(token, consultation, reviewer.get());
	}

}
