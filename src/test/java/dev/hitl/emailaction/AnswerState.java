package dev.hitl.emailaction;

import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Everything an answer would change about one consultation, as one string to compare
 * before and after opening its links: the consultation's row, its tokens, its review task
 * (with the engine's revision) and its audit entries.
 */
final class AnswerState {

	private AnswerState() {
	}

	static String of(JdbcTemplate jdbc, String id) {
		UUID uuid = UUID.fromString(id);
		return String.join("|",
				jdbc.queryForList("select state, version, updated_at from consultation where id = ?", uuid).toString(),
				jdbc.queryForList("select token_hash, used_at from email_action_token where consultation_id = ? "
						+ "order by token_hash", uuid)
					.toString(),
				jdbc.queryForList("select id_, assignee_, rev_ from act_ru_task where proc_inst_id_ = "
						+ "(select process_instance_id from consultation where id = ?)", uuid)
					.toString(),
				jdbc.queryForObject("select count(*) from audit_event where consultation_id = ?", Integer.class, uuid)
					.toString());
	}

	/** As {@link #of}, and the number of portal sessions: a link must not start one. */
	static String withSessions(JdbcTemplate jdbc, String id) {
		return of(jdbc, id) + "|"
				+ jdbc.queryForObject("select count(*) from spring_session", Integer.class).toString();
	}

}
