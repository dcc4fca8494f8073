package dev.hitl.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scenario 4's consultations, made faster than the API can: one template consultation is
 * created through the API and left until its notification went out (so it is exactly what
 * a consultation waiting for its reviewer looks like), then every row that belongs to it
 * (the read model, its reviewers and audit event, the engine's executions, task, identity
 * link, task authorization, variables and their byte arrays, timer job, message
 * subscription and history) is copied {@code count} times in SQL under new ids, with each
 * copy's timer and {@code expires_at} moved into the burst's minute. What the scenario
 * measures (the job executor firing each timer, the service's listener marking it timed
 * out, the workers delivering its webhook and email) then runs the service's own code on
 * rows it cannot tell from its own.
 *
 * <p>
 * Every id that belongs to the template ends with a UUID; a copy keeps the id's length
 * and replaces its last 12 hex digits (the UUID's node) with {@code beec} and the copy's
 * number, so references between the copied rows stay consistent and no copy collides with
 * an id the engine generates. Columns are read from the catalogue, so the fixture follows
 * schema changes of the service without edits.
 */
final class TimerFixture {

	/** The node part of every copied id starts with this; the engine's never do here. */
	static final String NODE_PREFIX = "beec";

	private static final int CHUNK = 1000;

	private final String jdbcUrl;

	private int count;

	private List<String> copies = List.of();

	TimerFixture(String jdbcUrl) {
		this.jdbcUrl = jdbcUrl;
	}

	/** The id of copy {@code n} of the template's id {@code id}. */
	static String copyId(String id, long n) {
		return id.substring(0, id.length() - 12) + NODE_PREFIX + String.format(Locale.ROOT, "%08x", n);
	}

	private record Table(String name, String filter) {

	}

	/**
	 * Copies the template consultation {@code count} times, due when the template is
	 * ({@link #schedule} moves them).
	 * @return the copies' consultation ids
	 */
	List<String> copy(String consultationId, int count) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, "postgres", "")) {
			connection.setAutoCommit(false);
			String processInstance = single(connection,
					"select process_instance_id from consultation where id = ?::uuid", consultationId);
			List<Table> tables = tables(connection);
			Set<String> ids = new LinkedHashSet<>(List.of(consultationId, processInstance));
			for (Table table : tables) {
				ids.addAll(ids(connection, table, consultationId, processInstance));
			}
			String[] idArray = ids.toArray(String[]::new);
			for (int from = 1; from <= count; from += CHUNK) {
				int to = Math.min(count, from + CHUNK - 1);
				for (Table table : tables) {
					insertCopies(connection, table, idArray, consultationId, processInstance, from, to);
				}
				connection.commit();
			}
			connection.setAutoCommit(true);
			for (Table table : tables) {
				try (PreparedStatement analyze = connection.prepareStatement("analyze " + table.name())) {
					analyze.execute();
				}
			}
		}
		List<String> copies = new ArrayList<>(count);
		this.count = count;
		for (long n = 1; n <= count; n++) {
			copies.add(copyId(consultationId, n));
		}
		this.copies = copies;
		return copies;
	}

	/**
	 * Moves the copies' timers and {@code expires_at} into the burst, in one transaction:
	 * copy {@code n} falls due at {@code firstDue + windowMillis * (n - 1) / count}.
	 */
	void schedule(Instant firstDue, long windowMillis) throws SQLException {
		// The engine writes local timestamps (the JVM's zone: the app runs on this host
		// with the same environment), the read model timestamptz.
		String firstLocal = LocalDateTime.ofInstant(firstDue, ZoneId.systemDefault()).toString();
		String copyNumber = "('x' || right(%s, 8))::bit(32)::int";
		String offset = "make_interval(secs => " + windowMillis / 1000.0 + " * (" + copyNumber + " - 1) / "
				+ this.count + ")";
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, "postgres", "")) {
			connection.setAutoCommit(false);
			try (PreparedStatement jobs = connection.prepareStatement("update act_ru_job set duedate_ = ?::timestamp + "
					+ offset.formatted("id_") + " where handler_type_ = 'timer-transition' and right(id_, 12) like '"
					+ NODE_PREFIX + "%'");
					// By id: a random UUID of another consultation may end like a copy's.
					PreparedStatement consultations = connection.prepareStatement(
							"update consultation set expires_at = ?::timestamptz + " + offset.formatted("id::text")
									+ " where id = any(?::uuid[])")) {
				jobs.setString(1, firstLocal);
				consultations.setString(1, firstDue.toString());
				consultations.setArray(2, connection.createArrayOf("text", this.copies.toArray()));
				int timers = jobs.executeUpdate();
				int rows = consultations.executeUpdate();
				if (timers != this.count || rows != this.count) {
					throw new IllegalStateException(
							"expected " + this.count + " copies, moved " + timers + " timers and " + rows + " consultations");
				}
			}
			connection.commit();
		}
	}

	/**
	 * The tables holding rows of one consultation, parents first (foreign keys), each with
	 * how its rows of the template are found ({@code ?1} the consultation id, {@code ?2}
	 * the process instance id).
	 */
	private static List<Table> tables(Connection connection) throws SQLException {
		Map<String, Set<String>> columns = new LinkedHashMap<>();
		try (PreparedStatement query = connection.prepareStatement(
				"select table_name, column_name from information_schema.columns where table_schema = current_schema() "
						+ "and column_name in ('proc_inst_id_', 'process_instance_id_', 'root_proc_inst_id_', "
						+ "'consultation_id') order by table_name");
				ResultSet rs = query.executeQuery()) {
			while (rs.next()) {
				columns.computeIfAbsent(rs.getString(1), (t) -> new LinkedHashSet<>()).add(rs.getString(2));
			}
		}
		String tasks = "(select id_ from act_ru_task where proc_inst_id_ = ?2)";
		List<Table> tables = new ArrayList<>();
		tables.add(new Table("act_ge_bytearray", "id_ in (select bytearray_id_ from act_ru_variable where "
				+ "proc_inst_id_ = ?2) or root_proc_inst_id_ = ?2"));
		// Parents before children: executions, then what hangs off them.
		for (String name : List.of("act_ru_execution", "act_ru_task", "act_ru_variable", "act_ru_event_subscr",
				"act_ru_job", "act_ru_ext_task", "act_ru_incident")) {
			tables.add(new Table(name, instanceFilter(columns.get(name))));
		}
		tables.add(new Table("act_ru_identitylink", "task_id_ in " + tasks));
		tables.add(new Table("act_ru_authorization", "resource_id_ in " + tasks + " or root_proc_inst_id_ = ?2"));
		for (Map.Entry<String, Set<String>> table : columns.entrySet()) {
			if (table.getKey().startsWith("act_hi_")) {
				tables.add(new Table(table.getKey(), instanceFilter(table.getValue())));
			}
		}
		tables.add(new Table("consultation", "id = ?1::uuid"));
		for (Map.Entry<String, Set<String>> table : columns.entrySet()) {
			if (!table.getKey().startsWith("act_") && table.getValue().contains("consultation_id")) {
				tables.add(new Table(table.getKey(), "consultation_id = ?1::uuid"));
			}
		}
		return tables;
	}

	private static String instanceFilter(Set<String> columns) {
		return String.join(" or ", columns.stream().filter((c) -> !c.equals("consultation_id")).map((c) -> c + " = ?2")
			.toList());
	}

	/** The template's ids in this table: primary keys and activity instance ids. */
	private static Set<String> ids(Connection connection, Table table, String consultationId, String processInstance)
			throws SQLException {
		Set<String> ids = new LinkedHashSet<>();
		List<String> idColumns = new ArrayList<>();
		for (String[] column : columns(connection, table.name())) {
			if (List.of("id", "id_", "act_inst_id_", "parent_act_inst_id_").contains(column[0])
					&& !column[1].equals("bigint") && !column[1].equals("integer")) {
				idColumns.add(column[0]);
			}
		}
		if (idColumns.isEmpty()) {
			return ids;
		}
		String sql = "select " + String.join(", ", idColumns.stream().map((c) -> c + "::text").toList()) + " from "
				+ table.name() + " where " + bind(table.filter());
		try (PreparedStatement query = prepare(connection, sql, table.filter(), consultationId, processInstance);
				ResultSet rs = query.executeQuery()) {
			while (rs.next()) {
				for (int i = 1; i <= idColumns.size(); i++) {
					String id = rs.getString(i);
					if (id != null && id.length() >= 36) {
						ids.add(id);
					}
				}
			}
		}
		return ids;
	}

	private static void insertCopies(Connection connection, Table table, String[] ids, String consultationId,
			String processInstance, int from, int to) throws SQLException {
		List<String> names = new ArrayList<>();
		List<String> values = new ArrayList<>();
		for (String[] column : columns(connection, table.name())) {
			String name = column[0];
			String type = column[1];
			if (column[2] != null) {
				continue;
			}
			names.add(name);
			if (table.name().equals("consultation") && name.equals("external_ref")) {
				values.add("'timer-' || n");
			}
			else if (type.equals("uuid") || type.equals("text") || type.equals("character varying")) {
				String cast = type.equals("uuid") ? "::uuid" : "";
				values.add("case when t." + name + "::text = any(?::text[]) then (left(t." + name + "::text, length(t."
						+ name + "::text) - 12) || '" + NODE_PREFIX + "' || lpad(to_hex(n), 8, '0'))" + cast
						+ " else t." + name + " end");
			}
			else {
				values.add("t." + name);
			}
		}
		String sql = "insert into " + table.name() + " (" + String.join(", ", names) + ") select "
				+ String.join(", ", values) + " from " + table.name() + " t cross join generate_series(" + from + ", "
				+ to + ") n where " + bind(table.filter());
		int arrays = (int) values.stream().filter((v) -> v.contains("any(?::text[])")).count();
		try (PreparedStatement insert = connection.prepareStatement(sql)) {
			int index = 1;
			for (int i = 0; i < arrays; i++) {
				insert.setArray(index++, connection.createArrayOf("text", ids));
			}
			for (char which : placeholders(table.filter())) {
				insert.setString(index++, (which == '1') ? consultationId : processInstance);
			}
			insert.executeUpdate();
		}
	}

	/**
	 * Name, data type and, for columns the database fills itself (identity, sequence), a
	 * non-null third element.
	 */
	private static List<String[]> columns(Connection connection, String table) throws SQLException {
		List<String[]> columns = new ArrayList<>();
		try (PreparedStatement query = connection.prepareStatement(
				"select column_name, data_type, case when is_identity = 'YES' or column_default like 'nextval%' "
						+ "then 'generated' end from information_schema.columns where table_schema = current_schema() "
						+ "and table_name = ? order by ordinal_position")) {
			query.setString(1, table);
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					columns.add(new String[] { rs.getString(1), rs.getString(2), rs.getString(3) });
				}
			}
		}
		return columns;
	}

	/** {@code ?1}/{@code ?2} become JDBC placeholders. */
	private static String bind(String filter) {
		return filter.replace("?1", "?").replace("?2", "?");
	}

	private static List<Character> placeholders(String filter) {
		List<Character> order = new ArrayList<>();
		for (int i = 0; i + 1 < filter.length(); i++) {
			if (filter.charAt(i) == '?' && (filter.charAt(i + 1) == '1' || filter.charAt(i + 1) == '2')) {
				order.add(filter.charAt(i + 1));
			}
		}
		return order;
	}

	private static PreparedStatement prepare(Connection connection, String sql, String filter, String consultationId,
			String processInstance) throws SQLException {
		PreparedStatement statement = connection.prepareStatement(sql);
		int index = 1;
		for (char which : placeholders(filter)) {
			statement.setString(index++, (which == '1') ? consultationId : processInstance);
		}
		return statement;
	}

	private static String single(Connection connection, String sql, String arg) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement(sql)) {
			query.setString(1, arg);
			try (ResultSet rs = query.executeQuery()) {
				if (!rs.next() || rs.getString(1) == null) {
					throw new IllegalStateException("no row for " + sql + " with " + arg);
				}
				return rs.getString(1);
			}
		}
	}

}
