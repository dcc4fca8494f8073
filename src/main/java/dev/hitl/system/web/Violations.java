package dev.hitl.system.web;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.InvalidRequestException.FieldViolation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Bean Validation's violations as the API's field violations: each named by its JSON path
 * ({@code options[1].value}, {@code reviewers.groups}), in the order the request record
 * declares its components, as a reader of the request would list them.
 */
public final class Violations {

	private static final PropertyNamingStrategies.NamingBase JSON_NAMES = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

	private Violations() {
	}

	/**
	 * @throws InvalidRequestException when there is any violation
	 */
	public static void throwIfAny(Collection<? extends ConstraintViolation<?>> violations) {
		if (!violations.isEmpty()) {
			throw of(violations);
		}
	}

	public static InvalidRequestException of(Collection<? extends ConstraintViolation<?>> violations) {
		List<FieldViolation> fields = violations.stream()
			.sorted(Comparator.<ConstraintViolation<?>>comparingInt(Violations::position)
				.thenComparing((v) -> field(v.getPropertyPath())))
			.map((v) -> new FieldViolation(field(v.getPropertyPath()), v.getMessage()))
			.toList();
		return new InvalidRequestException(fields);
	}

	/**
	 * The JSON path of a property path; a method's parameter is named by its parameter
	 * (the request parameter's name, when it is compiled with {@code -parameters}).
	 */
	static String field(Path path) {
		List<Path.Node> nodes = new ArrayList<>();
		path.forEach(nodes::add);
		StringBuilder field = new StringBuilder();
		for (int i = 0; i < nodes.size(); i++) {
			Path.Node node = nodes.get(i);
			if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR
					|| node.getKind() == ElementKind.CROSS_PARAMETER || node.getKind() == ElementKind.RETURN_VALUE) {
				continue;
			}
			// a request body is the body; a request parameter is named by itself
			boolean named = node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.BEAN
					|| (node.getKind() == ElementKind.PARAMETER && i == nodes.size() - 1);
			if (node.getIndex() != null && !field.isEmpty()) {
				field.append('[').append(node.getIndex()).append(']');
			}
			else if (node.getKey() != null && !field.isEmpty()) {
				field.append('.').append(node.getKey());
			}
			if (named && node.getName() != null) {
				field.append(field.isEmpty() ? "" : ".").append(JSON_NAMES.translate(node.getName()));
			}
		}
		return field.isEmpty() ? "body" : field.toString();
	}

	/**
	 * The violations of a bound request body, each a Bean Validation violation where it
	 * came from one.
	 */
	public static InvalidRequestException of(Errors errors) {
		List<ConstraintViolation<?>> violations = new ArrayList<>();
		List<FieldViolation> others = new ArrayList<>();
		for (ObjectError error : errors.getAllErrors()) {
			if (error.contains(ConstraintViolation.class)) {
				violations.add(error.unwrap(ConstraintViolation.class));
			}
			else {
				String field = (error instanceof FieldError fieldError) ? jsonPath(fieldError.getField()) : "body";
				others.add(new FieldViolation(field, String.valueOf(error.getDefaultMessage())));
			}
		}
		List<FieldViolation> all = new ArrayList<>(violations.isEmpty() ? List.of() : of(violations).violations());
		all.addAll(others);
		return new InvalidRequestException(all);
	}

	private static String jsonPath(String property) {
		StringBuilder path = new StringBuilder();
		for (String part : property.split("\\.")) {
			int bracket = part.indexOf('[');
			String name = (bracket < 0) ? part : part.substring(0, bracket);
			path.append(path.isEmpty() ? "" : ".").append(JSON_NAMES.translate(name));
			if (bracket >= 0) {
				path.append(part.substring(bracket));
			}
		}
		return path.toString();
	}

	/** Where the first property of the path is declared in its record, else last. */
	private static int position(ConstraintViolation<?> violation) {
		Class<?> type = violation.getRootBeanClass();
		if (type == null || !type.isRecord()) {
			return Integer.MAX_VALUE;
		}
		String first = null;
		for (Path.Node node : violation.getPropertyPath()) {
			if (node.getKind() == ElementKind.PROPERTY) {
				first = node.getName();
				break;
			}
		}
		String name = first;
		RecordComponent[] components = type.getRecordComponents();
		return Arrays.stream(components)
			.filter((component) -> component.getName().equals(name))
			.findFirst()
			.map((component) -> Arrays.asList(components).indexOf(component))
			.orElse(Integer.MAX_VALUE);
	}

}
