package dev.hitl.system.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * Text the databases keep as given (see {@link dev.hitl.system.StorableText}): no NUL, no
 * unpaired surrogate, and {@code min} to {@code max} characters counted as Unicode code
 * points, as PostgreSQL counts them. {@code null} is valid: add {@code @NotNull} where
 * the text is required. Each broken rule is its own violation with its own message,
 * unless {@code message} names one message for them all.
 */
@Documented
@Constraint(validatedBy = StorableValidator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
		ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface Storable {

	/** One message for every broken rule; empty: each rule's own message. */
	String message() default "";

	int min() default 0;

	int max() default Integer.MAX_VALUE;

	/** Refuse control characters too: names, ids and filters are single lines. */
	boolean line() default false;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
