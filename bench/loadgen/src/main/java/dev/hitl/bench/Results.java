package dev.hitl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Everything the run measured: a JSON tree with every detail, and the table and notes of
 * the Markdown report.
 */
final class Results {

	record Row(String scenario, String figure, String value, String reference, String ratio, String goal) {

	}

	private final Map<String, Object> json = new LinkedHashMap<>();

	private final List<Row> rows = new ArrayList<>();

	private final List<String> sections = new ArrayList<>();

	/** Puts a value at a dotted path, e.g. {@code s1.create.steps}. */
	@SuppressWarnings("unchecked")
	synchronized void put(String path, Object value) {
		String[] parts = path.split("\\.");
		Map<String, Object> node = this.json;
		for (int i = 0; i < parts.length - 1; i++) {
			node = (Map<String, Object>) node.computeIfAbsent(parts[i], (key) -> new LinkedHashMap<String, Object>());
		}
		node.put(parts[parts.length - 1], value);
	}

	synchronized void row(String scenario, String figure, String value, String reference, String ratio,
			String goal) {
		this.rows.add(new Row(scenario, figure, value, reference, ratio, goal));
	}

	synchronized void section(String title, String body) {
		this.sections.add("## " + title + "\n\n" + body.strip() + "\n");
	}

	static String fmt(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%.0f", value);
		}
		if (Math.abs(value) >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	static String ratio(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2fx", value);
	}

	static Map<String, Object> json(OpenLoop.Result r) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("rate", r.rate());
		json.put("sent", r.sent());
		json.put("measured", r.measured());
		json.put("errors", r.errors());
		json.put("statuses", r.statuses());
		json.put("p50_ms", Summary.round(r.p50()));
		json.put("p90_ms", Summary.round(r.p90()));
		json.put("p95_ms", Summary.round(r.p95()));
		json.put("p99_ms", Summary.round(r.p99()));
		json.put("p999_ms", Summary.round(r.p999()));
		json.put("max_ms", Summary.round(r.max()));
		json.put("generator_send_lag_max_ms", Summary.round(r.sendLagMaxMs()));
		return json;
	}

	static List<Object> json(Ladder.Outcome outcome) {
		List<Object> steps = new ArrayList<>();
		for (Ladder.Step step : outcome.steps()) {
			Map<String, Object> json = json(step.result());
			json.put("backlog_growth_per_s", Summary.round(step.backlogGrowth()));
			json.put("cpu_app_ms_per_op", Summary.round(step.cpuAppMs()));
			json.put("cpu_db_ms_per_op", Summary.round(step.cpuDbMs()));
			json.put("verdict", step.verdict());
			steps.add(json);
		}
		return steps;
	}

	synchronized void write(Path json, Path markdown, String title, String intro) throws IOException {
		Files.createDirectories(json.toAbsolutePath().getParent());
		Files.writeString(json,
				Service.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this.json) + "\n",
				StandardCharsets.UTF_8);
		StringBuilder md = new StringBuilder();
		md.append("# ").append(title).append("\n\n").append(intro.strip()).append("\n\n");
		md.append("| # | Figure | Median (min–max) | Reference, same run | Ratio | Goal |\n");
		md.append("|---|---|---|---|---|---|\n");
		// By scenario; within one, in the order measured.
		List<Row> sorted = new ArrayList<>(this.rows);
		sorted.sort(java.util.Comparator.comparing(Row::scenario));
		for (Row row : sorted) {
			md.append("| ")
				.append(String.join(" | ", row.scenario(), row.figure(), row.value(), row.reference(), row.ratio(),
						row.goal()))
				.append(" |\n");
		}
		md.append('\n');
		this.sections.forEach((section) -> md.append(section).append('\n'));
		Files.writeString(markdown, md.toString(), StandardCharsets.UTF_8);
	}

}
