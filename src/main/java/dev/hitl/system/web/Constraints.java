package dev.hitl.system.web;

import java.util.List;

import jakarta.validation.ConstraintValidatorContext;

/** What the project's validators share. */
public final class Constraints {

	private Constraints() {
	}

	/**
	 * Replaces the constraint's default violation by one per message, each taken
	 * literally: a message holding "{" or "$" (a pattern, a user's value) is not
	 * interpolated.
	 */
	public static void report(ConstraintValidatorContext context, List<String> messages) {
		context.disableDefaultConstraintViolation();
		for (String message : messages) {
			context.buildConstraintViolationWithTemplate(escape(message)).addConstraintViolation();
		}
	}

	private static String escape(String message) {
		return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
	}

}
