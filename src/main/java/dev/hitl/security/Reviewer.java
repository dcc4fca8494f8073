package dev.hitl.security;

import java.io.Serializable;
import java.util.List;

import dev.hitl.workflow.ReviewerDirectory;

import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * A signed-in reviewer or admin: an account of the engine's identity service.
 * Serializable because a portal session keeps it in the database (Spring Session).
 */
public record Reviewer(String id, String displayName, String email, List<String> groups,
		boolean admin) implements AuthenticatedPrincipal, Serializable {

	/** The reviewer an engine account stands for, with its groups as they are now. */
	public static Reviewer of(ReviewerDirectory.Account account) {
		String name = String.join(" ", nonNull(account.firstName()), nonNull(account.lastName())).trim();
		return new Reviewer(account.id(), name.isEmpty() ? account.id() : name, account.email(),
				List.copyOf(account.groups()), account.isAdmin());
	}

	private static String nonNull(String value) {
		return (value != null) ? value : "";
	}

	@Override
	public String getName() {
		return this.id;
	}

}
