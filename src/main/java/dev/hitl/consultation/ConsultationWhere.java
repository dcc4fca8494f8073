package dev.hitl.consultation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code where} clause of a query on {@code consultation c}, built condition by
 * condition with its positional arguments in order.
 */
final class ConsultationWhere {

	final StringBuilder sql = new StringBuilder();

	final List<Object> args = new ArrayList<>();

	void and(String condition, Object... values) {
		this.sql.append(this.sql.isEmpty() ? " where " : " and ").append(condition);
		this.args.addAll(List.of(values));
	}

	/**
	 * Only consultations the user may review: named for them or for one of their groups.
	 */
	void reviewer(String userId, List<String> groups) {
		StringBuilder clause = new StringBuilder(
				"exists (select 1 from consultation_reviewer r where r.consultation_id = c.id and "
						+ "((r.kind = 'user' and r.name = ?)");
		List<Object> values = new ArrayList<>();
		values.add(userId);
		if (!groups.isEmpty()) {
			clause.append(" or (r.kind = 'group' and r.name in (")
				.append(String.join(", ", Collections.nCopies(groups.size(), "?")))
				.append("))");
			values.addAll(groups);
		}
		clause.append("))");
		and(clause.toString(), values.toArray());
	}

}
