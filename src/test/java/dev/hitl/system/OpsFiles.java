package dev.hitl.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

/**
 * The PromQL in {@code ops/}: every alert rule's expression and every query of the
 * Grafana dashboard, with the metrics and labels each one selects. Only the metric
 * families this service exports are picked out ({@code hitl_}, JVM, HTTP, process,
 * connection pool); Prometheus's own {@code up} is left to Prometheus.
 */
final class OpsFiles {

	static final Path ALERTS = Path.of("ops/prometheus/alerts.yml");

	static final Path PROMETHEUS = Path.of("ops/prometheus/prometheus.yml");

	static final Path DASHBOARD = Path.of("ops/grafana/dashboards/hitl-orchestrator.json");

	private static final Pattern METRIC = Pattern
		.compile("(?<![\\w\"$])((?:hitl|jvm|http_server|process|system|hikaricp)_[a-zA-Z0-9_]+)\\s*(\\{[^}]*})?");

	private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

	private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");

	private OpsFiles() {
	}

	/** One PromQL expression and where it comes from. */
	record Query(String source, String expr) {

		/** Metric name to the label names its selectors match on. */
		Map<String, Set<String>> selectors() {
			Map<String, Set<String>> selected = new java.util.LinkedHashMap<>();
			Matcher metric = METRIC.matcher(this.expr);
			while (metric.find()) {
				Set<String> labels = selected.computeIfAbsent(metric.group(1), (name) -> new LinkedHashSet<>());
				if (metric.group(2) != null) {
					Matcher matcher = MATCHER.matcher(metric.group(2));
					while (matcher.find()) {
						labels.add(matcher.group(1));
					}
				}
			}
			return selected;
		}

		/** Labels named in {@code by (...)} or {@code without (...)}. */
		Set<String> groupingLabels() {
			Set<String> labels = new LinkedHashSet<>();
			Matcher grouping = GROUPING.matcher(this.expr);
			while (grouping.find()) {
				for (String label : grouping.group(1).split(",")) {
					if (!label.isBlank()) {
						labels.add(label.strip());
					}
				}
			}
			return labels;
		}

	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> alertRules() {
		Map<String, Object> file = yaml(ALERTS);
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			rules.addAll((List<Map<String, Object>>) group.get("rules"));
		}
		return rules;
	}

	static JsonNode dashboard() {
		try {
			return new ObjectMapper().readTree(DASHBOARD.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<Query> queries() {
		List<Query> queries = new ArrayList<>();
		for (Map<String, Object> rule : alertRules()) {
			queries.add(new Query("alert " + rule.get("alert"), rule.get("expr").toString()));
		}
		for (JsonNode panel : dashboard().get("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(new Query("panel '" + panel.get("title").asText() + "' " + target.get("refId").asText(),
						target.get("expr").asText()));
			}
		}
		for (JsonNode variable : dashboard().get("templating").get("list")) {
			if (variable.path("query").has("query")) {
				queries.add(new Query("variable " + variable.get("name").asText(),
						variable.get("query").get("query").asText()));
			}
		}
		return queries;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> yaml(Path file) {
		try {
			return (Map<String, Object>) new Yaml().load(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
