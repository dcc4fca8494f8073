package dev.hitl.system.web;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class IsoDurationValidator implements ConstraintValidator<IsoDuration, CharSequence> {

	private String message;

	private Duration min;

	private Duration max;

	@Override
	public void initialize(IsoDuration rule) {
		this.message = rule.message();
		this.min = rule.min().isEmpty() ? null : Duration.parse(rule.min());
		this.max = rule.max().isEmpty() ? null : Duration.parse(rule.max());
	}

	@Override
	public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
		if (text == null) {
			return true;
		}
		Duration duration;
		try {
			duration = Duration.parse(text);
		}
		catch (DateTimeParseException ex) {
			Constraints.report(context, List.of(this.message));
			return false;
		}
		if ((this.min != null && duration.compareTo(this.min) < 0)
				|| (this.max != null && duration.compareTo(this.max) > 0)) {
			Constraints.report(context, List.of(range()));
			return false;
		}
		return true;
	}

	private String range() {
		if (this.min != null && this.max != null) {
			return "must be between " + this.min + " and " + this.max;
		}
		return (this.min != null) ? "must be at least " + this.min : "must be at most " + this.max;
	}

}
