package dev.hitl.emailaction;

import dev.hitl.consultation.Consultation;
import dev.hitl.security.Reviewer;

import org.springframework.http.HttpStatus;

/**
 * What an answer link can do right now: answer (status 200, with its token, consultation
 * and recipient), or nothing, for a reason its page gives.
 *
 * @param consultation the link's own consultation, when it may be shown
 * @param ending how that consultation ended, when it has
 */
record Verdict(HttpStatus status, String reason, ActionToken token, Consultation consultation, Reviewer reviewer,
		String ending) {

	static Verdict usable(ActionToken token, Consultation consultation, Reviewer reviewer) {
		return new Verdict(HttpStatus.OK, null, token, consultation, reviewer, null);
	}

	static Verdict refused(HttpStatus status, String reason) {
		return new Verdict(status, reason, null, null, null, null);
	}

	static Verdict refused(HttpStatus status, String reason, Consultation consultation) {
		return new Verdict(status, reason, null, consultation, null,
				(consultation != null && !consultation.isPending()) ? Endings.describe(consultation) : null);
	}

	boolean isUsable() {
		return this.status == HttpStatus.OK;
	}

}
