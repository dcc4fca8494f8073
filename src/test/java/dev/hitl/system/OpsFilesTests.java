package dev.hitl.system;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the monitoring files in {@code ops/}: rules Prometheus can load, a
 * dashboard Grafana can import, and alerts for what the issue names. That every metric
 * and label they use is really served is {@link ActuatorTests}' job, against a live
 * scrape.
 */
class OpsFilesTests {

	@Test
	void everyAlertHasAnExpressionASeverityAndWordsForTheOnCallPerson() {
		List<String> problems = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (Map<String, Object> rule : OpsFiles.alertRules()) {
			Object name = rule.get("alert");
			if (name == null || !names.add(name.toString())) {
				problems.add("missing or duplicate alert name: " + rule);
			}
			if (!(rule.get("expr") instanceof String expr) || expr.isBlank()) {
				problems.add(name + " has no expr");
			}
			if (rule.containsKey("for") && !rule.get("for").toString().matches("\\d+[smh]")) {
				problems.add(name + " has an invalid 'for': " + rule.get("for"));
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> labels = (Map<String, Object>) rule.getOrDefault("labels", Map.of());
			if (!List.of("critical", "warning").contains(labels.get("severity"))) {
				problems.add(name + " has no severity critical or warning");
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> annotations = (Map<String, Object>) rule.getOrDefault("annotations", Map.of());
			if (annotations.get("summary") == null || annotations.get("description") == null) {
				problems.add(name + " lacks a summary or description");
			}
			Set<String> allowed = Set.of("alert", "expr", "for", "labels", "annotations", "keep_firing_for");
			if (!allowed.containsAll(rule.keySet())) {
				problems.add(name + " has keys Prometheus does not know: " + rule.keySet());
			}
		}
		assertThat(problems).isEmpty();
		assertThat(names).contains("HitlNodeNotReady", "HitlIncidentsOpen", "HitlWebhookFailureRate", "HitlJobBacklog");
	}

	@Test
	void theAlertsCoverReadinessIncidentsWebhookFailuresAndTheTimerBacklog() {
		Map<String, String> exprs = new java.util.HashMap<>();
		OpsFiles.alertRules().forEach((rule) -> exprs.put(rule.get("alert").toString(), rule.get("expr").toString()));
		assertThat(exprs.get("HitlNodeNotReady")).contains("hitl_ready");
		assertThat(exprs.get("HitlIncidentsOpen")).contains("hitl_incidents_open");
		assertThat(exprs.get("HitlWebhookFailureRate")).contains("hitl_webhook_attempts_total")
			.contains("result!=\"delivered\"");
		assertThat(exprs.get("HitlJobBacklog")).contains("hitl_engine_jobs_due");
	}

	@Test
	void prometheusLoadsTheRulesAndScrapesEveryNodeOnItsManagementPort() {
		Map<String, Object> config = OpsFiles.yaml(OpsFiles.PROMETHEUS);
		@SuppressWarnings("unchecked")
		List<String> ruleFiles = (List<String>) config.get("rule_files");
		assertThat(ruleFiles).containsExactly(OpsFiles.ALERTS.getFileName().toString());
		assertThat(Files.exists(OpsFiles.PROMETHEUS.resolveSibling(ruleFiles.get(0)))).isTrue();
		@SuppressWarnings("unchecked")
		Map<String, Object> job = ((List<Map<String, Object>>) config.get("scrape_configs")).get(0);
		assertThat(job).containsEntry("job_name", "hitl").containsEntry("metrics_path", "/actuator/prometheus");
		@SuppressWarnings("unchecked")
		Map<String, Object> discovery = ((List<Map<String, Object>>) job.get("dns_sd_configs")).get(0);
		assertThat(discovery).containsEntry("port", 8081);
		assertThat(discovery.get("names")).asList().contains("app", "app2", "worker");
	}

	@Test
	void theDashboardHasUniquePanelsEachAskingPrometheus() {
		JsonNode dashboard = OpsFiles.dashboard();
		assertThat(dashboard.get("uid").asText()).isEqualTo("hitl-orchestrator");
		Set<Integer> ids = new HashSet<>();
		List<String> problems = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			if (!ids.add(panel.get("id").asInt())) {
				problems.add("duplicate panel id " + panel.get("id"));
			}
			JsonNode grid = panel.get("gridPos");
			if (grid == null || grid.get("x").asInt() + grid.get("w").asInt() > 24) {
				problems.add(panel.get("title") + " does not fit the 24-column grid");
			}
			if (panel.get("type").asText().equals("row")) {
				continue;
			}
			if (!panel.path("datasource").path("uid").asText().equals("${datasource}")) {
				problems.add(panel.get("title") + " does not use the datasource variable");
			}
			if (panel.path("targets").isEmpty()) {
				problems.add(panel.get("title") + " has no query");
			}
			for (JsonNode target : panel.path("targets")) {
				if (target.path("expr").asText().isBlank()) {
					problems.add(panel.get("title") + " has an empty query");
				}
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void theDashboardShowsEveryProjectMetric() {
		Set<String> used = new HashSet<>();
		OpsFiles.queries()
			.stream()
			.filter((query) -> query.source().startsWith("panel"))
			.forEach((query) -> used.addAll(query.selectors().keySet()));
		assertThat(used).contains("hitl_consultations_requested_total", "hitl_consultations_answered_total",
				"hitl_consultations_timed_out_total", "hitl_consultations_cancelled_total", "hitl_consultations_open",
				"hitl_consultations_time_to_answer_seconds_bucket", "hitl_webhook_attempts_total",
				"hitl_webhook_delivery_latency_seconds_bucket", "hitl_emails_total", "hitl_incidents_open",
				"hitl_engine_jobs_due", "hitl_engine_external_tasks_waiting", "hitl_ready",
				"http_server_requests_seconds_count", "jvm_memory_used_bytes");
	}

}
