package dev.hitl.system.web;

import java.util.ArrayList;
import java.util.List;

import dev.hitl.system.StorableText;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class StorableValidator implements ConstraintValidator<Storable, CharSequence> {

	private Storable rule;

	@Override
	public void initialize(Storable rule) {
		this.rule = rule;
	}

	@Override
	public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
		if (text == null) {
			return true;
		}
		List<String> broken = problems(text.toString());
		if (broken.isEmpty()) {
			return true;
		}
		Constraints.report(context, this.rule.message().isEmpty() ? broken : List.of(this.rule.message()));
		return false;
	}

	private List<String> problems(String value) {
		List<String> broken = new ArrayList<>();
		int length = value.codePointCount(0, value.length());
		if (length < this.rule.min() || length > this.rule.max()) {
			broken
				.add((this.rule.max() == Integer.MAX_VALUE) ? "must be at least " + this.rule.min() + " characters long"
						: "must be " + this.rule.min() + " to " + this.rule.max() + " characters long");
		}
		if (value.indexOf('\u0000') >= 0) {
			broken.add("must not contain NUL characters");
		}
		if (!StorableText.isWellFormed(value)) {
			broken.add("must be valid Unicode (no unpaired surrogates)");
		}
		if (this.rule.line() && value.chars().anyMatch((c) -> c != 0 && Character.isISOControl(c))) {
			broken.add("must not contain control characters");
		}
		return broken;
	}

}
